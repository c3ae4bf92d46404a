// How the language server's Node process is started (by the extension, and by the benchmark that
// measures it as users run it). V8 lets the young generation grow to 16 MB per semi-space by
// default; the server's allocations are short-lived analysis data, so a 4 MB semi-space keeps
// them collected sooner: at 5,000 services the peak RSS falls from about 200 MB to about 180 MB
// with edit → diagnostics no slower (measured with bench/, 2026-11-23).
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];
