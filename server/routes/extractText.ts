/**
 * REST: `POST /api/analyses/:id/extract-text` with a PDF or HTML file as the raw body answers
 * `{ paragraphs }`, the captured text a source can start from. Reading runs in a worker thread
 * (its deadline and heap cap); the body is capped like an attachment.
 */
import { Router } from "express";
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../../shared/errors";
import { looksLikeMarkup } from "../attachments/mediaTypes";
import { dropUnreadBody, receiveFile } from "../attachments/receiveFile";
import { authorize } from "../auth/policy";
import type { ExtractFormat } from "../extract/extractText";
import { sendBytes } from "../http/sendBytes";
import { formatMiB } from "../store/AttachmentStore";
import type { HeavyWork } from "../workers/HeavyWork";

export interface ExtractTextRouteDeps {
  readonly maxBytes: number;
  readonly work: HeavyWork;
}

/** PDF by its signature, HTML by its markup; anything else is refused. */
async function formatOf(bytes: Uint8Array): Promise<ExtractFormat> {
  if ((await fileTypeFromBuffer(bytes.subarray(0, 4_100)))?.mime === "application/pdf") return "pdf";
  if (looksLikeMarkup(bytes)) return "html";
  throw new AppError("unsupported_media_type", "text can be taken from PDF and HTML files only");
}

export function extractTextRouter({ maxBytes, work }: ExtractTextRouteDeps): Router {
  const router = Router();
  router.post("/:id/extract-text", authorize("sources.extractText"), async (req, res) => {
    try {
      const { bytes } = await receiveFile(
        req,
        maxBytes,
        () => new AppError("payload_too_large", `the file is larger than the ${formatMiB(maxBytes)} limit`),
      );
      const format = await formatOf(bytes);
      const body = new Uint8Array(bytes);
      sendBytes(
        res,
        "application/json",
        await work.runBytes({ kind: "extractText", format, bytes: body }, { transfer: [body] }),
      );
    } catch (error) {
      dropUnreadBody(req, res);
      throw error;
    }
  });
  return router;
}
