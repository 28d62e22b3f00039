using System.Security.Cryptography;
using System.Text;
using Safr.Kit.Data;

namespace Safr.Kit.Training;

/// <summary>
/// SHA-256 of a run's train and dev examples (labels and texts, in order), recorded in its checkpoints so that a run
/// is never continued on other data than it was started on.
/// </summary>
internal static class DataFingerprint
{
    public static string Of(IReadOnlyList<TextExample> train, IReadOnlyList<TextExample> dev)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (split, examples) in new[] { ("train", train), ("dev", dev) })
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{split}:{examples.Count}\n"));
            foreach (var e in examples) sha.AppendData(Encoding.UTF8.GetBytes($"{e.Label}\t{e.Text}\n"));
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }
}
