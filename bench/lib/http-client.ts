// A lean keep-alive HTTP/1.1 client for benchmarks whose requests depend on earlier answers
// (autocannon cannot chain them). node:http cost the bench process ≈ 0.35 ms of CPU per request,
// and on a 2-core machine that CPU is taken from the server under test. This client writes the
// request in one piece and reads a Content-Length body; it is not a general HTTP client.
import { connect, type Socket } from 'node:net';

const REQUEST_TIMEOUT_MS = 60_000;

export type BenchResponse = { status: number; text: string; json: () => any };

class Connection {
  private socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (r: BenchResponse) => void; reject: (e: Error) => void } | null = null;

  constructor(port: number, host: string) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  private fail(error: Error) {
    const w = this.waiting;
    this.waiting = null;
    w?.reject(error);
  }

  private parse() {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) return this.fail(new Error(`no Content-Length in: ${head.split('\r\n')[0]}`));
    const total = end + 4 + Number(length[1]);
    if (this.buffer.length < total) return;
    const text = this.buffer.subarray(end + 4, total).toString('utf8');
    this.buffer = this.buffer.subarray(total);
    const w = this.waiting;
    this.waiting = null;
    w.resolve({ status: Number(head.slice(9, 12)), text, json: () => JSON.parse(text) });
  }

  /** False once the server closed the connection (an idle timeout, say): it takes no more requests. */
  get usable(): boolean {
    return !this.socket.destroyed && !this.socket.readableEnded;
  }

  request(head: string, body: string): Promise<BenchResponse> {
    return new Promise((resolve, reject) => {
      // A benchmark that waits forever tells nothing: an answer that never comes is an error.
      const timer = setTimeout(() => this.fail(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
      const done = <T>(settle: (value: T) => void) => (value: T) => (clearTimeout(timer), settle(value));
      this.waiting = { resolve: done(resolve), reject: done(reject) };
      this.socket.write(`${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close() {
    this.socket.destroy();
  }
}

/** Keep-alive connections to `baseUrl`, one per concurrent caller. */
export function benchClient(baseUrl: string) {
  const url = new URL(baseUrl);
  const idle: Connection[] = [];
  const all: Connection[] = [];
  return {
    async post(path: string, headers: Record<string, string>, body: string): Promise<BenchResponse> {
      let connection = idle.pop();
      while (connection && !connection.usable) connection = idle.pop();
      connection ??= all[all.push(new Connection(Number(url.port), url.hostname)) - 1];
      let head = `POST ${path} HTTP/1.1\r\nhost: ${url.host}\r\n`;
      for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
      try {
        return await connection.request(head, body);
      } finally {
        idle.push(connection);
      }
    },
    close: () => all.forEach((c) => c.close()),
  };
}
