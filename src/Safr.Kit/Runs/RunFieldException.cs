namespace Safr.Kit.Runs;

/// <summary>
/// A <see cref="RunSpec"/> field whose value cannot work, named by its <see cref="RunField.Name"/>: the CLI shows
/// "--epochs: must be at least 1, got 0", and a sweep spec's reader puts the same problem on that field's line.
/// </summary>
public sealed class RunFieldException(string field, string problem) : Exception($"--{field}: {problem}"), IInputError
{
    /// <summary>The field's CLI name ("epochs", "max-length").</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong, without the field's name.</summary>
    public string Problem { get; } = problem;
}
