using System.Text;

namespace Safr.Notebooks;

/// <summary>
/// Routes Console.Out and Console.Error to the outputs of the cell whose code (or whose tasks) is writing, found
/// through an AsyncLocal; writes from anywhere else go to the real console. One router serves every notebook
/// running in the process at once, since Console.SetOut is process-wide.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<CellOutputs?> Current = new();
    private static readonly Lock InstallGate = new();
    private static Router? stdout;
    private static Router? stderr;
    private static TextWriter? installedOut; // Console wraps what SetOut is given: these are the wrappers it handed back
    private static TextWriter? installedError;

    // Set while a router writes to the real console: a router reached from there (if someone wrapped ours) passes
    // straight through instead of capturing, so echoing can never loop back into a cell.
    [ThreadStatic] private static bool passingThrough;

    /// <summary>The outputs of the cell running on this logical call path, if any.</summary>
    public static CellOutputs? Cell => Current.Value;

    /// <summary>Makes <paramref name="outputs"/> the destination of console writes on this call path (and the tasks it starts).</summary>
    public static void Enter(CellOutputs? outputs)
    {
        Install();
        Current.Value = outputs;
    }

    /// <summary>Writes to the real console, past the routers (for echoing a cell's output live).</summary>
    public static void Echo(string stream, string text)
    {
        var router = stream == "stderr" ? stderr : stdout;
        router?.WriteToFallback(text);
    }

    /// <summary>Installs the routers, again if someone replaced them since (a test framework, a library).</summary>
    private static void Install()
    {
        lock (InstallGate)
        {
            if (!ReferenceEquals(Console.Out, installedOut))
            {
                Console.SetOut(stdout = new Router(Console.Out, "stdout"));
                installedOut = Console.Out;
            }
            if (!ReferenceEquals(Console.Error, installedError))
            {
                Console.SetError(stderr = new Router(Console.Error, "stderr"));
                installedError = Console.Error;
            }
        }
    }

    private sealed class Router(TextWriter fallback, string stream) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override IFormatProvider FormatProvider => fallback.FormatProvider;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Write(buffer.ToString());

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (!passingThrough && Current.Value is { } cell) cell.Write(stream, value);
            else WriteToFallback(value);
        }

        /// <summary>One call per line, so lines written from several threads do not interleave mid-line.</summary>
        public override void WriteLine(string? value) => Write(value + new string(CoreNewLine));

        public override void WriteLine() => Write(new string(CoreNewLine));

        public override void Flush()
        {
            lock (fallback) fallback.Flush();
        }

        public void WriteToFallback(string text)
        {
            var outer = passingThrough;
            passingThrough = true;
            try
            {
                lock (fallback) fallback.Write(text);
            }
            finally
            {
                passingThrough = outer;
            }
        }
    }
}
