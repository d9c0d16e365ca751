import type { ApiClient } from './client';
import { ApiError } from './client';
import type { Attachment } from './types';

/** The part of XMLHttpRequest an upload uses (so tests can pass a fake). */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: FormData): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

export interface UploadOptions {
  onProgress?: (fraction: number) => void;
  createXhr?: () => XhrLike;
  signal?: AbortSignal;
}

function errorOf(xhr: XhrLike): ApiError {
  try {
    const body = JSON.parse(xhr.responseText) as { detail?: string; errors?: Record<string, string[]> };
    return new ApiError(xhr.status, body.detail ?? `Upload failed (${xhr.status}).`, body.errors ?? {});
  } catch {
    return new ApiError(xhr.status, `Upload failed (${xhr.status}).`);
  }
}

function sendOnce(url: string, file: File, access: string | null, options: UploadOptions): Promise<XhrLike> {
  return new Promise((resolve, reject) => {
    const xhr = options.createXhr ? options.createXhr() : (new XMLHttpRequest() as unknown as XhrLike);
    xhr.open('POST', url);
    if (access) xhr.setRequestHeader('Authorization', `Bearer ${access}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new ApiError(0, 'The upload failed: cannot reach the server.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads a file as an attachment with XMLHttpRequest, which (unlike fetch) reports upload
 * progress. A 401 gets the client's shared token refresh and one retry.
 */
export async function uploadAttachment(client: ApiClient, taskId: number, file: File, options: UploadOptions = {}): Promise<Attachment> {
  const url = client.url(`/api/tasks/${taskId}/attachments/`);
  const access = client.tokens.get()?.access ?? null;
  let xhr = await sendOnce(url, file, access, options);
  if (xhr.status === 401) {
    const renewed = await client.refreshAccess(access);
    if (renewed === null) throw new ApiError(401, 'Your session has expired. Please sign in again.');
    options.onProgress?.(0);
    xhr = await sendOnce(url, file, renewed, options);
  }
  if (xhr.status < 200 || xhr.status >= 300) throw errorOf(xhr);
  options.onProgress?.(1);
  return JSON.parse(xhr.responseText) as Attachment;
}
