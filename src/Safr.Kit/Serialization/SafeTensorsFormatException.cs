namespace Safr.Kit.Serialization;

/// <summary>A file is not a valid safetensors file; the message names the file and, where one is at fault, the tensor.</summary>
public sealed class SafeTensorsFormatException(string message, Exception? inner = null) : IOException(message, inner), IInputError;
