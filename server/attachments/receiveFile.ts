/**
 * Reads a raw request body into memory up to a size cap, hashing it (SHA-256) chunk by chunk as it
 * arrives, so a big upload costs no long synchronous pass at the end and a body over the cap is
 * refused as soon as it passes it (or at once, from its Content-Length) without reading the rest.
 */
import { createHash } from "node:crypto";
import type { Request, Response } from "express";
import { AppError } from "../../shared/errors";

export interface ReceivedFile {
  readonly bytes: Buffer;
  /** Lowercase hex SHA-256 of `bytes`. */
  readonly sha256: string;
}

/**
 * Marks an upload's error answer `Connection: close` when its body was not read to the end, so
 * the rest is dropped with the connection rather than read and discarded (Node would read it all).
 */
export function dropUnreadBody(req: Request, res: Response): void {
  if (!req.readableEnded && !res.headersSent) res.setHeader("Connection", "close");
}

/** The body of `req`, at most `maxBytes`; past the cap it rejects with `tooLarge()` and stops reading. */
export function receiveFile(req: Request, maxBytes: number, tooLarge: () => AppError): Promise<ReceivedFile> {
  // A JSON body was already parsed by the app-wide parser: there is no raw file left to read.
  if (req.readableEnded) {
    return Promise.reject(new AppError("unsupported_media_type", "send the file itself as the request body"));
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        stop();
        req.pause();
        reject(tooLarge());
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve({ bytes: Buffer.concat(chunks, received), sha256: hash.digest("hex") });
    };
    const onError = (error: Error): void => {
      stop();
      reject(new AppError("bad_request", `the upload failed: ${error.message}`));
    };
    const onClose = (): void => {
      if (!req.complete) onError(new Error("the client stopped sending"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
