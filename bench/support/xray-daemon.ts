// What Lambda gives a function with active tracing: an X-Ray daemon on UDP (AWS_XRAY_DAEMON_ADDRESS)
// that takes the segments the X-Ray SDK streams. This one only counts them, so the bench runs the
// functions' tracer as in AWS (the twin switches it off) and can tell that it did trace.
import { createSocket, type Socket } from 'node:dgram';

export class XrayDaemon {
  private socket: Socket | undefined;
  private received = 0;
  address = '';

  async start(): Promise<string> {
    if (this.socket) return this.address;
    const socket = createSocket('udp4');
    socket.on('message', () => this.received++);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    socket.unref();
    this.socket = socket;
    this.address = `127.0.0.1:${socket.address().port}`;
    return this.address;
  }

  /** Segment documents received so far (a header line and a document per datagram). */
  get segments(): number {
    return this.received;
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}

/** The one daemon of a bench run, shared by the suites (started on first use; unref'd, so it never holds the process). */
export const xrayDaemon = new XrayDaemon();
