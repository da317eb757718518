/**
 * The attachments of one source or evidence row: upload (button or drop; the browser's SHA-256 is
 * checked by the server), each file's name, size, type, SHA-256, uploader and time, a preview of
 * images, download, and delete with confirmation (the lead, or whoever attached it). Errors say
 * what to do: a file too big, a type that is refused.
 */
import { type DragEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import type { AttachmentView, AttachmentListing as Listing } from "../../../../shared/api/attachments";
import type { AttachmentOwner } from "../../../../shared/attachments";
import { ApiError, attachmentUrl, deleteAttachment, listAttachments, uploadAttachment } from "../../lib/api";
import { fileSha256, isPreviewable } from "../../lib/attachmentFiles";
import { formatBytes, formatDateTime } from "../../lib/format";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Tooltip } from "../../ui/Tooltip";
import "./AttachmentList.css";

export interface AttachmentListProps {
  readonly analysisId: string;
  readonly owner: AttachmentOwner;
  /** Viewers (and archived items): list and download only. */
  readonly readOnly: boolean;
  /** The signed-in user, who may delete what they attached. */
  readonly userId: string;
  /** A lead may delete any attachment. */
  readonly isLead: boolean;
}

/** Short names of the allowed types, for the list and the refusal message. */
const TYPE_LABELS: Readonly<Record<string, string>> = {
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "image/gif": "GIF image",
  "image/webp": "WebP image",
  "application/pdf": "PDF",
  "video/mp4": "MP4 video",
  "video/webm": "WebM video",
};

/** What went wrong, in words that say what to do next. */
function uploadProblem(file: File, error: unknown): string {
  if (!(error instanceof ApiError)) return `${file.name} could not be attached.`;
  switch (error.code) {
    case "payload_too_large":
      return `${file.name} is too large: ${error.message}.`;
    case "unsupported_media_type":
      return `${file.name} was refused: ${error.message}.`;
    case "validation_failed":
      return `${file.name} was not stored: ${error.message}.`;
    default:
      return `${file.name} could not be attached: ${error.message}`;
  }
}

export function AttachmentList({ analysisId, owner, readOnly, userId, isLead }: AttachmentListProps) {
  const headingId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [listing, setListing] = useState<Listing | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [uploading, setUploading] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [confirm, setConfirm] = useState<AttachmentView | null>(null);

  const { kind, id } = owner;
  const reload = useCallback(async () => {
    try {
      setListing(await listAttachments(analysisId, { kind, id }));
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof ApiError ? error.message : "The attachments could not be loaded.");
    }
  }, [analysisId, kind, id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const upload = async (files: readonly File[]): Promise<void> => {
    const found: string[] = [];
    for (const file of files) {
      const limits = listing?.limits;
      if (limits && file.size > limits.maxFileBytes) {
        found.push(`${file.name} is too large: files may be up to ${formatBytes(limits.maxFileBytes)}.`);
        continue;
      }
      setUploading(file.name);
      try {
        await uploadAttachment(analysisId, owner, file, await fileSha256(file));
      } catch (error) {
        found.push(uploadProblem(file, error));
      }
    }
    setUploading(null);
    setProblems(found);
    await reload();
  };

  const onDrop = (event: DragEvent<HTMLElement>): void => {
    event.preventDefault();
    setDragging(false);
    if (!readOnly) void upload([...event.dataTransfer.files]);
  };

  const remove = async (item: AttachmentView): Promise<void> => {
    setConfirm(null);
    try {
      await deleteAttachment(analysisId, item.id);
      setProblems([]);
    } catch (error) {
      setProblems([
        `${item.name} could not be deleted: ${error instanceof ApiError ? error.message : "try again"}`,
      ]);
    }
    await reload();
  };

  const items = listing?.attachments ?? [];
  return (
    <section
      className={`attachments${dragging ? " is-dragging" : ""}`}
      aria-labelledby={headingId}
      data-testid="attachments"
      onDragOver={(event) => {
        if (readOnly) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="attachments-head">
        <h3 id={headingId}>Attachments</h3>
        {!readOnly && (
          <>
            <Button size="sm" onClick={() => input.current?.click()} disabled={uploading !== null}>
              Attach file…
            </Button>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,video/mp4,video/webm"
              data-testid="attachment-input"
              onChange={(event) => {
                const files = [...(event.target.files ?? [])];
                event.target.value = "";
                void upload(files);
              }}
            />
          </>
        )}
      </div>
      {!readOnly && (
        <p className="attachments-hint">
          Drop screenshots, photos, PDFs or videos here.
          {listing && ` Up to ${formatBytes(listing.limits.maxFileBytes)} each.`}
        </p>
      )}
      {uploading && (
        <p className="attachments-status" role="status">
          Attaching {uploading}…
        </p>
      )}
      {[...problems, ...(loadError ? [loadError] : [])].map((problem) => (
        <p key={problem} className="attachments-error" role="alert">
          {problem}
        </p>
      ))}
      {listing && items.length === 0 && <p className="attachments-empty">No files attached.</p>}
      <ul className="attachments-list">
        {items.map((item) => (
          <AttachmentItem
            key={item.id}
            analysisId={analysisId}
            item={item}
            canDelete={!readOnly && (isLead || item.uploadedBy === userId)}
            onDelete={() => setConfirm(item)}
          />
        ))}
      </ul>
      <Dialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title="Delete this attachment?"
        description={confirm ? `${confirm.name} will be deleted for everyone. This cannot be undone.` : ""}
      >
        <div className="form-actions">
          <Button onClick={() => setConfirm(null)}>Keep it</Button>
          <Button variant="danger" onClick={() => confirm && void remove(confirm)}>
            Delete
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function AttachmentItem(props: {
  readonly analysisId: string;
  readonly item: AttachmentView;
  readonly canDelete: boolean;
  readonly onDelete: () => void;
}) {
  const { analysisId, item, canDelete, onDelete } = props;
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(item.sha256);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const download = attachmentUrl(analysisId, item.id);
  return (
    <li className="attachment" data-testid="attachment">
      {isPreviewable(item.mediaType) ? (
        <span className="attachment-thumb">
          <img
            src={attachmentUrl(analysisId, item.id, true)}
            alt={`Preview of ${item.name}`}
            loading="lazy"
            data-testid="attachment-preview"
          />
        </span>
      ) : (
        <span className="attachment-thumb attachment-kind" aria-hidden="true">
          {item.mediaType.split("/")[1]?.toUpperCase()}
        </span>
      )}
      <div className="attachment-body">
        <a href={download} download={item.name} className="attachment-name" data-testid="attachment-download">
          {item.name}
        </a>
        <span className="attachment-meta">
          {formatBytes(item.size)} · {TYPE_LABELS[item.mediaType] ?? item.mediaType} ·{" "}
          {item.uploadedByName ?? "someone"} · {formatDateTime(item.uploadedAt)}
        </span>
        <span className="attachment-hash">
          SHA-256{" "}
          <Tooltip content={<code className="attachment-hash-full">{item.sha256}</code>}>
            <button
              type="button"
              className="attachment-hash-copy"
              title={item.sha256}
              aria-label={`SHA-256 ${item.sha256}: copy`}
              data-testid="attachment-sha256"
              data-sha256={item.sha256}
              onClick={() => void copy()}
            >
              <code>{item.sha256.slice(0, 12)}…</code>
            </button>
          </Tooltip>
          {copied && <span role="status"> copied</span>}
        </span>
      </div>
      {canDelete && (
        <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${item.name}`}>
          Delete
        </Button>
      )}
    </li>
  );
}
