using System.CommandLine;
using Safr.Kit.Parity;
using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary><c>safr parity DIR</c>: this port against a fixture folder computed by the released code, in float64 and float32.</summary>
internal static class ParityCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "A folder laid out as this checkout's fixtures/official (regularizers, model, adam)." };
        var command = new Command("parity", "Compare against values computed with the released PyTorch code; exits 1 above 1e-9 (float64) or 1e-5 (float32).");
        command.Arguments.Add(directory);
        command.SetAction(parse => CliErrors.Run("parity", () =>
        {
            var dir = parse.GetValue(directory)!;
            if (!dir.Exists) throw new CliException($"{dir.FullName}: no such folder");
            var reports = new[] { ReleaseParity.Run(dir.FullName, ScalarType.Float64), ReleaseParity.Run(dir.FullName, ScalarType.Float32) };
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(reports, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            foreach (var r in reports)
            {
                if (r.Missing is { Count: > 0 } missing)
                    Console.Error.WriteLine($"parity {r.Precision}: FAIL: missing fixture file(s) in {dir.FullName}: {string.Join(", ", missing)}");
                if (r.Compared == 0)
                    Console.Error.WriteLine($"parity {r.Precision}: FAIL: nothing was compared");
                else
                    Console.Error.WriteLine($"parity {r.Precision}: {r.Compared} quantities, worst {r.Worst} = {r.MaxRelativeError:E2} (tolerance {r.Tolerance:E0}) {(r.Passed ? "PASS" : "FAIL")}");
            }
            return reports.All(r => r.Passed) ? 0 : 1;
        }));
        return command;
    }
}
