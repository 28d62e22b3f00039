namespace Safr.Kit;

/// <summary>
/// Marks an exception that reports a user's mistake or a bad input file, with a message that says which file,
/// line or argument and what is wrong. Anything else the kit throws is a bug in the kit. The CLI prints these as
/// one line and exits 2; everything else exits 70 with its stack trace.
/// </summary>
public interface IInputError;

/// <summary>A bad input that no more specific type describes (an unknown dataset name, a value out of range).</summary>
public sealed class InputException(string message, Exception? inner = null) : Exception(message, inner), IInputError;
