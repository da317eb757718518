/**
 * A pdfkit document with our page furniture and a y cursor: pages stream out as soon as the next
 * one starts (no page buffering), every page gets the classification banner and "Page n of m"
 * where m is a form XObject filled in at the end — so the total is known without holding pages.
 */
import PDFDocument from "pdfkit";
import { FONT_FILES, type FontStyle, faceOf } from "./pdfFonts";
import { hasRtl, type Line, layoutSpans, type Measurer, type Span, visualRuns } from "./textLayout";

export type Orientation = "portrait" | "landscape";

export const INK = "#1b1f24";
export const MUTED = "#5b6470";
export const RULE = "#c9ced6";
export const ACCENT = "#1f3a5f";

const MARGIN = 42;
const HEADER_H = 26;
const FOOTER_H = 28;

/** Untyped pdfkit internals used for the total-pages XObject. */
interface PdfInternals {
  ref(data: Record<string, unknown>): { end(chunk?: string): void };
  page: { xobjects: Record<string, unknown>; fonts: Record<string, unknown> };
  _font: { id: string; ref(): unknown; encode(text: string): [string[], unknown] };
  addContent(op: string): void;
}

export interface CanvasOptions {
  readonly paper: "a4" | "letter";
  readonly title: string;
  readonly classification: string;
  readonly generatedAt: string;
}

const paperSize = (paper: CanvasOptions["paper"]): string => (paper === "letter" ? "LETTER" : "A4");

export class PdfCanvas implements Measurer {
  readonly doc: PDFKit.PDFDocument;
  private readonly internals: PdfInternals;
  private readonly totalPages: { end(chunk?: string): void };
  private readonly widthCache = new Map<string, number>();
  private pageCount = 0;
  /** Top of the free area on the current page. */
  y = 0;
  orientation: Orientation = "portrait";
  /** Called after the furniture of each new page is drawn (tables repeat their header here). */
  onNewPage: (() => void) | null = null;

  constructor(private readonly options: CanvasOptions) {
    this.doc = new PDFDocument({
      size: paperSize(options.paper),
      autoFirstPage: false,
      margin: MARGIN,
      bufferPages: false,
      info: { Title: options.title, Creator: "ACH Workspace", Producer: "ACH Workspace (pdfkit)" },
      pdfVersion: "1.7",
      lang: "en",
      displayTitle: true,
    });
    for (const [face, file] of Object.entries(FONT_FILES)) this.doc.registerFont(face, file);
    this.doc.font("regular");
    this.internals = this.doc as unknown as PdfInternals;
    this.totalPages = this.internals.ref({
      Type: "XObject",
      Subtype: "Form",
      BBox: [0, -4, 60, 12],
      Matrix: [1, 0, 0, -1, 0, 0],
      Resources: { Font: { [this.internals._font.id]: this.internals._font.ref() } },
    });
  }

  get width(): number {
    return this.doc.page.width;
  }
  get left(): number {
    return MARGIN;
  }
  get right(): number {
    return this.doc.page.width - MARGIN;
  }
  get contentWidth(): number {
    return this.right - this.left;
  }
  get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_H;
  }
  get top(): number {
    return MARGIN + HEADER_H;
  }

  widthOf(text: string, style: FontStyle, size: number): number {
    const key = `${style}|${size}|${text}`;
    let w = this.widthCache.get(key);
    if (w === undefined) {
      this.doc.font(faceOf(text, style)).fontSize(size);
      // Measured as drawn: right-to-left runs are shaped whole (see drawLine).
      w = this.doc.widthOfString(text, hasRtl(text) ? { features: [] } : {});
      if (text.length <= 64) this.widthCache.set(key, w);
    }
    return w;
  }

  lineHeight(size: number): number {
    return size * 1.32;
  }

  /** Start a new page in the given orientation and draw its banner and footer. */
  newPage(orientation: Orientation = this.orientation): void {
    this.orientation = orientation;
    // addPage does not inherit the document's size: without it every page is US Letter.
    this.doc.addPage({ size: paperSize(this.options.paper), layout: orientation, margin: MARGIN });
    this.pageCount++;
    this.drawFurniture();
    this.y = this.top;
    this.onNewPage?.();
  }

  /** Make room for `height`; true when a new page was started. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  private drawFurniture(): void {
    const { doc } = this;
    const { classification, title, generatedAt } = this.options;
    if (classification.trim() !== "") {
      const text = classification.trim().toUpperCase();
      for (const y of [MARGIN - 22, doc.page.height - MARGIN + 8]) {
        this.drawLines(
          layoutSpans(this, [{ text, style: "bold" }], 8.5, this.contentWidth, 1),
          this.left,
          y,
          8.5,
          {
            align: "center",
            width: this.contentWidth,
            color: "#8b1a1a",
          },
        );
      }
    }
    doc.save();
    doc
      .moveTo(this.left, MARGIN + 10)
      .lineTo(this.right, MARGIN + 10)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.restore();
    this.drawLines(
      layoutSpans(this, [{ text: title, style: "regular" }], 7.5, this.contentWidth * 0.7, 1),
      this.left,
      MARGIN - 2,
      7.5,
      { color: MUTED },
    );
    const footY = doc.page.height - MARGIN - 12;
    doc.save();
    doc
      .moveTo(this.left, footY - 6)
      .lineTo(this.right, footY - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.restore();
    this.drawLines(
      layoutSpans(this, [{ text: `Generated ${generatedAt}`, style: "regular" }], 7.5, 300, 1),
      this.left,
      footY,
      7.5,
      { color: MUTED },
    );
    const label = `Page ${this.pageCount} of `;
    const labelW = this.widthOf(label, "regular", 7.5);
    const x = this.right - labelW - this.widthOf("000", "regular", 7.5);
    this.drawLines(layoutSpans(this, [{ text: label, style: "regular" }], 7.5, 200, 1), x, footY, 7.5, {
      color: MUTED,
    });
    doc.font("regular").fontSize(7.5).fillColor(MUTED);
    doc.save();
    doc.translate(x + labelW, footY + 7.5 * 0.93);
    this.internals.page.xobjects.TotalPages = this.totalPages;
    this.internals.addContent("/TotalPages Do");
    doc.restore();
  }

  /** Draw laid-out lines at (x, y); returns the height used. */
  drawLines(
    lines: readonly Line[],
    x: number,
    y: number,
    size: number,
    opts: { align?: "left" | "center" | "right"; width?: number; color?: string } = {},
  ): number {
    const lh = this.lineHeight(size);
    lines.forEach((line, i) => {
      this.drawLine(line, x, y + i * lh, size, opts);
    });
    return lines.length * lh;
  }

  drawLine(
    line: Line,
    x: number,
    y: number,
    size: number,
    opts: { align?: "left" | "center" | "right"; width?: number; color?: string } = {},
  ): void {
    const { doc } = this;
    const { runs, rtlBase } = visualRuns(this, line, size);
    const width = opts.width ?? 0;
    const total = runs.reduce((n, r) => n + r.width, 0);
    // Right-to-left text is right-aligned only within a known width (else it would start off the page).
    const align = opts.align ?? (rtlBase && width > 0 ? "right" : "left");
    let cx = align === "center" ? x + (width - total) / 2 : align === "right" ? x + width - total : x;
    for (const run of runs) {
      doc
        .font(faceOf(run.text, run.style))
        .fontSize(size)
        .fillColor(run.color ?? opts.color ?? INK);
      doc.text(run.text, cx, y, {
        lineBreak: false,
        // Any features list makes pdfkit shape the run whole; its default shapes word by word,
        // and each word's space then lands on the wrong side of a right-to-left word.
        ...(run.rtl ? { features: [] } : {}),
        ...(run.link ? { link: run.link, underline: true } : {}),
      });
      cx += run.width;
    }
  }

  /**
   * Flowing text block at the cursor: wraps to `width`, breaks across pages between lines.
   * Returns the number of lines drawn.
   */
  paragraph(
    spans: readonly Span[],
    size: number,
    opts: { x?: number; width?: number; color?: string; gapAfter?: number; align?: "left" | "center" } = {},
  ): number {
    const x = opts.x ?? this.left;
    const width = opts.width ?? this.right - x;
    const lines = layoutSpans(this, spans, size, width);
    const lh = this.lineHeight(size);
    for (const line of lines) {
      this.ensure(lh);
      this.drawLine(line, x, this.y, size, {
        width,
        ...(opts.color ? { color: opts.color } : {}),
        ...(opts.align ? { align: opts.align } : {}),
      });
      this.y += lh;
    }
    this.y += opts.gapAfter ?? 0;
    return lines.length;
  }

  /** Ends the document: writes the total page count into the shared XObject. */
  finish(): void {
    const { doc } = this;
    doc.font("regular").fontSize(7.5);
    const [hex] = this.internals._font.encode(String(this.pageCount));
    this.totalPages.end(
      `BT /${this.internals._font.id} 7.5 Tf 0.357 0.392 0.439 rg 0 0 Td [<${hex.join("")}>] TJ ET`,
    );
    doc.end();
  }

  get pages(): number {
    return this.pageCount;
  }
}
