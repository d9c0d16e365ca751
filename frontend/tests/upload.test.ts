import { describe, expect, it } from 'vitest';
import { ApiClient } from '../src/api/client';
import { MemoryTokenStore } from '../src/api/tokens';
import type { XhrLike } from '../src/api/upload';
import { uploadAttachment } from '../src/api/upload';

/** A fake XMLHttpRequest that reports two progress events and answers `answer(auth)`. */
function fakeXhrFactory(answer: (auth: string | null) => { status: number; body: unknown }) {
  const sent: Array<{ url: string; auth: string | null; file: FormDataEntryValue | null }> = [];
  const create = (): XhrLike => {
    const headers: Record<string, string> = {};
    let url = '';
    const xhr: XhrLike & { status: number; responseText: string } = {
      status: 0,
      responseText: '',
      upload: { onprogress: null },
      onload: null,
      onerror: null,
      onabort: null,
      open: (_method, u) => {
        url = u;
      },
      setRequestHeader: (name, value) => {
        headers[name] = value;
      },
      abort: () => xhr.onabort?.(),
      send: (body) => {
        const auth = headers.Authorization ?? null;
        sent.push({ url, auth, file: body.get('file') });
        queueMicrotask(() => {
          xhr.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true });
          xhr.upload.onprogress?.({ loaded: 100, total: 100, lengthComputable: true });
          const { status, body: responseBody } = answer(auth);
          xhr.status = status;
          xhr.responseText = JSON.stringify(responseBody);
          xhr.onload?.();
        });
      },
    };
    return xhr;
  };
  return { create, sent };
}

const file = new File(['hello'], 'hello.txt', { type: 'text/plain' });
const attachment = { id: 1, file_name: 'hello.txt', file_size: 5, mime_type: 'text/plain', user_id: 1, created_at: '', download_url: '' };

describe('attachment upload', () => {
  it('posts the file as multipart field "file" with the token and reports progress', async () => {
    const client = new ApiClient({ tokens: new MemoryTokenStore({ access: 'A1', refresh: 'R1' }) });
    const xhr = fakeXhrFactory(() => ({ status: 201, body: attachment }));
    const progress: number[] = [];
    const result = await uploadAttachment(client, 9, file, { createXhr: xhr.create, onProgress: (p) => progress.push(p) });
    expect(result).toEqual(attachment);
    expect(xhr.sent).toHaveLength(1);
    expect(xhr.sent[0].url).toBe('/api/tasks/9/attachments/');
    expect(xhr.sent[0].auth).toBe('Bearer A1');
    expect((xhr.sent[0].file as File).name).toBe('hello.txt');
    expect(progress).toEqual([0.5, 1, 1]);
  });

  it('refreshes the token on a 401 and sends the file again', async () => {
    const fetchImpl = (async () => new Response(JSON.stringify({ access: 'A2', refresh: 'R2' }), { status: 200 })) as typeof fetch;
    const tokens = new MemoryTokenStore({ access: 'A1', refresh: 'R1' });
    const client = new ApiClient({ tokens, fetch: fetchImpl });
    const xhr = fakeXhrFactory((auth) => (auth === 'Bearer A2' ? { status: 201, body: attachment } : { status: 401, body: { detail: 'expired' } }));
    await expect(uploadAttachment(client, 9, file, { createXhr: xhr.create })).resolves.toEqual(attachment);
    expect(xhr.sent.map((s) => s.auth)).toEqual(['Bearer A1', 'Bearer A2']);
    expect(tokens.get()).toEqual({ access: 'A2', refresh: 'R2' });
  });

  it("reports the server's detail for a refused file", async () => {
    const client = new ApiClient({ tokens: new MemoryTokenStore({ access: 'A1', refresh: 'R1' }) });
    const xhr = fakeXhrFactory(() => ({ status: 413, body: { detail: 'Request body too large.' } }));
    await expect(uploadAttachment(client, 9, file, { createXhr: xhr.create })).rejects.toMatchObject({
      status: 413,
      detail: 'Request body too large.',
    });
  });
});
