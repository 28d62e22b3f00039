namespace Safr.Kit.Runs;

/// <summary>
/// Marks a <see cref="RunSpec"/> property as a field a run can be described by outside C#: its <see cref="Name"/> is the
/// CLI flag (<c>--name</c>) and, in camelCase, the sweep spec's JSON key. Adding a field to RunSpec with this attribute
/// is the whole change: <c>safr train</c>, sweep specs and the run record pick it up (<see cref="RunFields"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RunFieldAttribute(string name, string description) : Attribute
{
    /// <summary>kebab-case: "max-length" is <c>--max-length</c> on the command line and "maxLength" in a sweep spec.</summary>
    public string Name { get; } = name;

    public string Description { get; } = description;
}
