using System.Text;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Safr.Notebooks;

/// <summary>
/// Turns the kernel's events into a cell's outputs as VS Code shows them: console writes merge into stdout/stderr
/// streams, <c>display(x)</c> is a display_data that later <c>Update</c>s replace in place (also from a later cell),
/// a trailing expression is the execute_result, and errors are error outputs. Outputs are materialized at the end,
/// so each shows its last value.
/// </summary>
internal sealed class CellOutputRecorder(IReadOnlyCollection<string> runnerFeeds)
{
    private readonly Dictionary<string, Output> displays = new(StringComparer.Ordinal);
    private readonly List<Output> unclaimed = [];
    private List<Output>? current;
    private int executionOrder;

    /// <summary>Every output recorded for each cell, in the order the cells began.</summary>
    private readonly List<(InteractiveDocumentElement Cell, List<Output> Outputs)> cells = [];

    /// <summary>From now on, events belong to <paramref name="cell"/>.</summary>
    public void Begin(InteractiveDocumentElement cell, int order)
    {
        lock (displays)
        {
            current = [];
            executionOrder = order;
            cells.Add((cell, current));
        }
    }

    /// <summary>Whether the current cell has an error output yet.</summary>
    public bool HasError
    {
        get
        {
            lock (displays) return current?.Any(o => o.Kind == OutputKind.Error) == true;
        }
    }

    public void Record(KernelEvent e)
    {
        lock (displays)
        {
            if (current is null) return;
            switch (e)
            {
                case StandardOutputValueProduced stdout:
                    AppendStream("stdout", stdout.FormattedValues);
                    break;
                case StandardErrorValueProduced stderr:
                    AppendStream("stderr", stderr.FormattedValues);
                    break;
                case DisplayedValueUpdated updated when updated.ValueId is { } id && Displayed(id) is { } shown:
                    shown.Data = Data(updated.FormattedValues);
                    break;
                case ReturnValueProduced { Value: DisplayedValue }:
                    break; // display(x) as a cell's last expression: x is shown already
                case ReturnValueProduced returned:
                    current.Add(new Output(OutputKind.Result) { Data = Data(returned.FormattedValues), ExecutionOrder = executionOrder });
                    break;
                case ErrorProduced error:
                    current.Add(new Output(OutputKind.Error) { ErrorName = "Error", ErrorValue = error.Message });
                    break;
                case DisplayEvent display and (DisplayedValueProduced or DisplayedValueUpdated):
                    var output = new Output(OutputKind.Display) { Data = Data(display.FormattedValues) };
                    current.Add(output);
                    if (display.ValueId is { } valueId) displays[valueId] = output;
                    if (display is DisplayedValueProduced) unclaimed.Add(output);
                    break;
            }
        }
    }

    /// <summary>The error output of the cell's failed command: its exception type (or "Error") and message, with the trace.</summary>
    public void RecordFailure(string name, string message, string[] traceback)
    {
        lock (displays) current?.Add(new Output(OutputKind.Error) { ErrorName = name, ErrorValue = message, Traceback = traceback });
    }

    /// <summary>Writes every recorded output into its cell, replacing what the cell held.</summary>
    public void WriteOutputs()
    {
        lock (displays)
        {
            foreach (var (cell, outputs) in cells)
            {
                cell.Outputs.Clear();
                cell.Outputs.AddRange(outputs.Select(o => o.ToElement()));
            }
        }
    }

    /// <summary>
    /// The display output an update with this id replaces. The kernel's <c>display(x)</c> (1.0.0-beta.26120.1)
    /// publishes x under one id and returns a handle whose <c>Update</c>s carry another, so an id seen first in an
    /// update belongs to the latest display output that no update has claimed yet: exact for the usual
    /// <c>display(x).Update</c> progress handle, and for handles updated in the order they were displayed.
    /// </summary>
    private Output? Displayed(string id)
    {
        if (displays.TryGetValue(id, out var shown))
        {
            unclaimed.Remove(shown); // updated under its own id: no other handle's
            return shown;
        }
        if (unclaimed.Count == 0) return null;
        shown = unclaimed[^1];
        unclaimed.RemoveAt(unclaimed.Count - 1);
        displays[id] = shown;
        return shown;
    }

    private void AppendStream(string name, IEnumerable<FormattedValue> values)
    {
        var text = values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? "";
        if (current!.Count > 0 && current[^1] is { Kind: OutputKind.Stream } last && last.StreamName == name) last.Text.Append(text);
        else current.Add(new Output(OutputKind.Stream) { StreamName = name, Text = new StringBuilder(text) });
    }

    private Dictionary<string, object> Data(IEnumerable<FormattedValue> values) =>
        values.GroupBy(v => v.MimeType).ToDictionary(g => g.Key,
            g => (object)(g.Key == "text/html" ? RunnerFeeds.WithoutFeeds(g.Last().Value, runnerFeeds) : g.Last().Value), StringComparer.Ordinal);

    private enum OutputKind { Stream, Display, Result, Error }

    private sealed class Output(OutputKind kind)
    {
        public OutputKind Kind { get; } = kind;
        public string StreamName { get; init; } = "";
        public StringBuilder Text { get; init; } = new();
        public Dictionary<string, object> Data { get; set; } = [];
        public int ExecutionOrder { get; init; }
        public string ErrorName { get; init; } = "";
        public string ErrorValue { get; init; } = "";
        public string[] Traceback { get; init; } = [];

        public InteractiveDocumentOutputElement ToElement() => Kind switch
        {
            OutputKind.Stream => new TextElement(Text.ToString(), StreamName),
            OutputKind.Display => new DisplayElement(Data),
            OutputKind.Result => Result(),
            _ => new ErrorElement(errorName: ErrorName, errorValue: ErrorValue, stackTrace: Traceback),
        };

        private ReturnValueElement Result()
        {
            var element = new ReturnValueElement { ExecutionOrder = ExecutionOrder };
            foreach (var (mime, value) in Data) element.Data[mime] = value;
            return element;
        }
    }
}
