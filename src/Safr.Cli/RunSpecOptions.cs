using System.CommandLine;
using Safr.Kit.Runs;

namespace Safr.Cli;

/// <summary>
/// A command-line option for every <see cref="RunSpec"/> field (<see cref="RunFields"/>): <c>--imp 1 --mode fast
/// --data-fraction 0.2 ...</c>, so a field added to RunSpec is a flag of <c>safr train</c> with no change here.
/// </summary>
internal sealed class RunSpecOptions
{
    private readonly List<(RunField Field, Option Option)> _options = [];

    public RunSpecOptions()
    {
        foreach (var field in RunFields.All)
        {
            Option option = field.Type == typeof(bool)
                ? new Option<bool>("--" + field.Name) { Description = field.Description }
                : new Option<string>("--" + field.Name) { Description = $"{field.Description} Default: {RunField.Format(field.Get(new RunSpec()))}." };
            _options.Add((field, option));
        }
    }

    public IEnumerable<Option> Options => _options.Select(o => o.Option);

    /// <summary>The fields the command line gave, with their values (in the order of <see cref="RunFields.All"/>).</summary>
    public IReadOnlyList<(RunField Field, object? Value)> Given(ParseResult parse) =>
    [
        .. _options.Where(o => parse.GetResult(o.Option) is { Implicit: false })
            .Select(o => (o.Field, o.Option is Option<bool> flag ? parse.GetValue(flag) : o.Field.Parse(parse.GetValue((Option<string>)o.Option)!))),
    ];

    /// <summary>A spec of the paper's defaults with the given fields set.</summary>
    public RunSpec Spec(ParseResult parse) => Given(parse).Aggregate(new RunSpec(), (spec, given) => given.Field.With(spec, given.Value));
}
