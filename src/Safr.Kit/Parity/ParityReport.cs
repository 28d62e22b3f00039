using System.Text.Json;
using System.Text.Json.Serialization;

namespace Safr.Kit.Parity;

/// <summary>The largest relative error of each quantity against the release's fixture, for one precision.</summary>
/// <param name="Informational">
/// Quantities reported but not gated: in float32, parameters whose exact gradient is zero, which Adam's
/// normalisation moves by amplified rounding noise (the float64 reference holds noise of ~1e-18 there).
/// </param>
/// <param name="Missing">Fixture files that were not there (their quantities were not compared).</param>
public sealed record ParityReport(string Precision, double Tolerance, IReadOnlyDictionary<string, double> RelativeErrors,
    IReadOnlyDictionary<string, double>? Informational = null, IReadOnlyList<string>? Missing = null)
{
    /// <summary>How many quantities were compared against the fixtures.</summary>
    [JsonPropertyName("compared")]
    public int Compared => RelativeErrors.Count;

    [JsonPropertyName("max_relative_error")]
    public double MaxRelativeError => RelativeErrors.Count == 0 ? 0 : RelativeErrors.Values.Max();

    [JsonPropertyName("worst")]
    public string Worst => RelativeErrors.Count == 0 ? "" : RelativeErrors.MaxBy(kv => kv.Value).Key;

    /// <summary>Every fixture was there, something was compared, and every quantity is within tolerance (none NaN).</summary>
    [JsonPropertyName("passed")]
    public bool Passed => Compared > 0 && (Missing?.Count ?? 0) == 0 && RelativeErrors.Values.All(e => e <= Tolerance);

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });
}
