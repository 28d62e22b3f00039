using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Training;
using Safr.Kit.Serialization;
using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary><c>safr evaluate CHECKPOINT</c>: accuracy, polysemanticity, interaction and faithfulness of a saved model.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<DirectoryInfo>("CHECKPOINT") { Description = "A run folder (its final model) or a checkpoint folder (model.safetensors + manifest.json)." };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset to score on (default: the one the model was trained on)." };
        var split = new Option<string>("--split") { Description = "train, dev or test.", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("train", "dev", "test");
        var faithfulness = new Option<int>("--faithfulness-examples") { Description = "Examples scored for AOPC (0: skip).", DefaultValueFactory = _ => 500 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the results to this JSON file." };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "cpu", Description = "cpu or cuda." };
        var sst2Source = Sst2SourceOption.Create("the one the model was trained on");
        var tokenizer = CliTokenizer.Option("The model's own tokenizer is always used; when given, this must name it (a mismatch is refused).");
        var command = new Command("evaluate", "Score a trained model: accuracy, polysemanticity of important vs other tokens, interaction score, ERASER faithfulness vs random.")
        {
            checkpoint, dataset, sst2Source, split, faithfulness, json, device, tokenizer,
        };
        command.SetAction(parse => CliErrors.Run("evaluate", () =>
        {
            set_num_threads(Environment.ProcessorCount);
            var folder = RunFolder.ResolveModel(parse.GetValue(checkpoint)!.FullName);
            CliTokenizer.Check(parse.GetValue(tokenizer), CliTokenizer.Of(Checkpoint.ReadManifest(folder)), folder);
            var loaded = Checkpoint.Load(folder, CliDevice.Parse(parse.GetValue(device)!));
            var m = loaded.Manifest;
            var name = parse.GetValue(dataset) ?? m.Options.Dataset
                ?? throw new CliException($"{folder}: the manifest names no dataset; pass --dataset");
            var asked = Sst2SourceOption.Parse(parse.GetValue(sst2Source));
            if (asked is not null && name != Datasets.Sst2) throw new CliException($"--sst2-source applies to SST-2 only, not {name}");
            // The source the model was trained on, when it is scored on its own dataset (runs from before the option: the sentence files).
            Sst2Source? source = name != Datasets.Sst2 ? null : asked ?? (name == m.Options.Dataset ? m.Options.Sst2Source : null) ?? Sst2Source.SentenceFiles;
            var data = Sst2SourceOption.Load(name, source);
            var which = CliErrors.UserValues("--split", () => Enum.Parse<DataSplit>(parse.GetValue(split)!, ignoreCase: true));
            var examples = data[which];
            var o = m.Options;
            var count = parse.GetValue(faithfulness);
            if (count < 0) throw new CliException($"--faithfulness-examples must be 0 or more, got {count}");
            var tokens = loaded.Vocabulary.Report(examples, o.MaxLength);
            var scores = Evaluator.Evaluate(loaded.Model, loaded.Vocabulary, examples, o.Mode, o.MaxLength, Math.Min(count, examples.Count), o.EvaluationBatchSize, tokenBudget: o.EvaluationTokenBudget);
            var (accuracy, poly, interaction, faith) = (scores.Accuracy, scores.Polysemanticity, scores.Interaction, scores.Faithfulness);

            Console.WriteLine($"{folder}: epoch {m.Epoch}, lambda_imp {m.Options.LambdaImportance}, lambda_inter {m.Options.LambdaInteraction}, seed {m.Seed}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {which}: accuracy {accuracy:P2} ({examples.Count:N0} examples)"));
            Console.WriteLine($"{which.ToString().ToLowerInvariant()} tokens: {tokens}");
            Console.WriteLine(poly);
            Console.WriteLine(interaction);
            if (faith is not null) Console.WriteLine(faith);
            if (parse.GetValue(json) is { } path)
            {
                var summary = new { checkpoint = folder, dataset = name, split = which.ToString(), accuracy, tokenization = tokens, polysemanticity = poly, interaction, faithfulness = faith };
                AtomicFile.WriteAllBytes(path.FullName, JsonSerializer.SerializeToUtf8Bytes(summary, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                Console.WriteLine($"wrote {path.FullName}");
            }
            return 0;
        }));
        return command;
    }
}
