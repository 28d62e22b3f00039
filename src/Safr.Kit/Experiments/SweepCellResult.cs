using System.Text.Json;
using System.Text.Json.Serialization;
using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Serialization;

namespace Safr.Kit.Experiments;

/// <summary>
/// What a finished sweep cell scored on the test split, written as a small JSON beside its run folder
/// (<see cref="Sweep.ResultFileOf"/>) once it is trained and evaluated, so merging never trains or evaluates again.
/// A metric the run could not give is NaN (P_l of important tokens when VMASK kept none; AOPC with no faithfulness examples).
/// </summary>
/// <param name="Cell">The cell's number (0-based).</param>
/// <param name="PolysemanticityImportant">Mean P_l of important tokens (VMASK keep probability &gt; 0.5).</param>
/// <param name="PolysemanticityOther">Mean P_l of the other tokens.</param>
/// <param name="Interaction">L_inter on the test split.</param>
/// <param name="AopcComprehensiveness">AOPC comprehensiveness of VMASK's ranking (higher: more faithful).</param>
/// <param name="AopcSufficiency">AOPC sufficiency of VMASK's ranking (lower: more faithful).</param>
/// <param name="AopcComprehensivenessRandom">The same of a random ranking (seed 0), for reference.</param>
/// <param name="AopcSufficiencyRandom">The same of a random ranking (seed 0), for reference.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="ModelEpoch">The epoch whose weights were tested.</param>
/// <param name="Seconds">Training (every epoch, across resumes) plus evaluation, in seconds.</param>
/// <param name="RunFolder">The run folder, relative to the sweep's folder.</param>
public sealed record SweepCellResult(
    int Cell, string Dataset, string Arm, double LambdaImportance, double LambdaInteraction, int Seed, string Mode, string Tokenizer,
    double TestAccuracy, double PolysemanticityImportant, double PolysemanticityOther, long ImportantTokens, long OtherTokens,
    double Interaction, double AopcComprehensiveness, double AopcSufficiency, double AopcComprehensivenessRandom, double AopcSufficiencyRandom,
    int Epochs, int ModelEpoch, double BestDevAccuracy, double Seconds, int TestExamples, string RunFolder)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Whether this result belongs to <paramref name="cell"/> of a sweep in <paramref name="spec"/> (same dataset, lambdas, seed, mode, tokenizer).</summary>
    public bool IsOf(SweepCell cell, SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(spec);
        return Cell == cell.Index && Dataset == cell.Dataset && LambdaImportance == cell.Arm.LambdaImportance && LambdaInteraction == cell.Arm.LambdaInteraction
            && Seed == cell.Seed && Mode == spec.Mode.ToString().ToLowerInvariant() && Tokenizer == spec.Tokenizer;
    }

    /// <summary>The result of <paramref name="cell"/> from its evaluation.</summary>
    public static SweepCellResult Of(SweepCell cell, SweepSpec spec, ArmResult scored, double seconds, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(scored);
        var test = scored.Test;
        var vmask = test.Faithfulness?.Curves.FirstOrDefault(c => c.Ranking == VmaskAttribution.RankingName);
        var random = test.Faithfulness?.Curves.FirstOrDefault(c => c.Ranking == RandomAttribution.RankingName);
        return new SweepCellResult(
            cell.Index, cell.Dataset, cell.ArmName, cell.Arm.LambdaImportance, cell.Arm.LambdaInteraction, cell.Seed,
            spec.Mode.ToString().ToLowerInvariant(), spec.Tokenizer,
            test.Accuracy, test.Polysemanticity.Important, test.Polysemanticity.Other, test.Polysemanticity.ImportantTokens, test.Polysemanticity.OtherTokens,
            test.Interaction.Value, vmask?.AopcComprehensiveness ?? double.NaN, vmask?.AopcSufficiency ?? double.NaN,
            random?.AopcComprehensiveness ?? double.NaN, random?.AopcSufficiency ?? double.NaN,
            scored.Training.Epochs, scored.Training.ModelEpoch, scored.Training.BestDevAccuracy, seconds, test.Examples, runFolder);
    }

    /// <summary>Writes the result to <paramref name="path"/> atomically (readers see no file or the whole one).</summary>
    public void Write(string path) => AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, Json));

    /// <summary>Reads a cell's result file.</summary>
    public static SweepCellResult Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SweepCellResult>(File.ReadAllBytes(path), Json)
                ?? throw new DataFormatException(path, 1, "the file holds null, not a sweep cell's result");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"not a sweep cell's result: {e.Message}", e);
        }
    }
}
