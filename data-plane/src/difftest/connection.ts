// A minimal pipelining RESP client over one TCP connection, for the differential test.
import * as net from 'node:net';
import { Arg, NO_REPLY_CLOSED, NO_REPLY_TIMEOUT, Reply, ReplyReader, encodeCommand } from './resp';

interface Pending {
  resolve(r: Reply): void;
  timer?: NodeJS.Timeout;
}

export class RespConnection {
  private readonly reader = new ReplyReader();
  private readonly pending: Pending[] = [];
  private closed = false;
  /** RESP3 push messages, in arrival order (pub/sub families read them). */
  readonly pushes: Reply[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.onClose());
    socket.on('close', () => this.onClose());
  }

  static connect(host: string, port: number, timeoutMs = 5000): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RespConnection(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Sends a command and resolves with its reply. Never rejects: a missing reply resolves to
   * NO_REPLY_TIMEOUT (and the connection is then closed, because the reply stream is out of step)
   * or NO_REPLY_CLOSED.
   */
  call(args: readonly Arg[], timeoutMs = 5000): Promise<Reply> {
    if (this.closed) return Promise.resolve(NO_REPLY_CLOSED);
    return new Promise((resolve) => {
      const p: Pending = { resolve };
      p.timer = setTimeout(() => {
        p.resolve = () => undefined;
        resolve(NO_REPLY_TIMEOUT);
        this.close();
      }, timeoutMs);
      this.pending.push(p);
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    if (!this.closed) this.socket.destroy();
    this.onClose();
  }

  private onData(chunk: Buffer): void {
    this.reader.feed(chunk);
    for (;;) {
      let r: Reply | undefined;
      try {
        r = this.reader.next();
      } catch (e) {
        const p = this.pending.shift();
        if (p) {
          clearTimeout(p.timer);
          p.resolve({ type: 'error', value: `<<difftest: protocol error: ${(e as Error).message}>>` });
        }
        this.close();
        return;
      }
      if (r === undefined) return;
      if (r.type === 'push') {
        this.pushes.push(r);
        continue;
      }
      const p = this.pending.shift();
      if (!p) continue; // a reply nobody asked for: the comparison of later replies will show it
      clearTimeout(p.timer);
      p.resolve(r);
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.resolve(NO_REPLY_CLOSED);
    }
  }
}
