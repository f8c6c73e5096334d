import { execFileSync } from 'node:child_process';

/** One step of a terminal session: once the output so far holds `after`, type `type` or resize to `resize`. */
export interface TerminalStep {
  readonly after: string;
  readonly type?: string;
  readonly resize?: readonly [rows: number, cols: number];
}

/**
 * Runs a command on a real terminal (a pty of Python's, sized `rows` × `cols`), as a user at a
 * shell would: each step waits for its text in the output, then types or resizes (SIGWINCH). Returns
 * what the terminal showed (without carriage returns) and the command's exit code.
 */
export function onTerminal(argv: readonly string[], size: readonly [rows: number, cols: number], steps: readonly TerminalStep[], timeoutMs = 40_000): { output: string; code: number } {
  const script = `
import json, os, pty, select, time, fcntl, termios, struct, signal, sys
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(spec["argv"][0], spec["argv"])
def size(rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
size(*spec["size"])
out, end, steps = b"", time.time() + spec["seconds"], list(spec["steps"])
timedOut = False
while True:
    while steps and steps[0]["after"].encode() in out:
        step = steps.pop(0)
        if "type" in step:
            time.sleep(0.3)
            os.write(fd, step["type"].encode())
        if "resize" in step:
            size(*step["resize"])
            os.kill(pid, signal.SIGWINCH)
    left = end - time.time()
    # A session that never ends must not block the read past its deadline: the caller gets what
    # the terminal showed, not only a timeout.
    if left <= 0 or not select.select([fd], [], [], left)[0]:
        timedOut = True
        os.kill(pid, signal.SIGKILL)
        break
    try:
        data = os.read(fd, 1024)
    except OSError:
        break
    if not data:
        break
    out += data
_, status = os.waitpid(pid, 0)
code = -1 if timedOut else os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
sys.stdout.write(json.dumps({"output": out.decode(errors="replace").replace("\\r", ""), "code": code}))
`;
  const spec = JSON.stringify({ argv, size, steps, seconds: timeoutMs / 1000 });
  return JSON.parse(execFileSync('python3', ['-c', script, spec], { encoding: 'utf8', timeout: timeoutMs + 10_000 })) as { output: string; code: number };
}
