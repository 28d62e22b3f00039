using System.Diagnostics;
using IncrementalHash = System.Security.Cryptography.IncrementalHash;
using HashAlgorithmName = System.Security.Cryptography.HashAlgorithmName;
using System.Text;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using Safr.Kit.Runtime;
using Safr.Kit.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Training;

/// <summary>
/// Trains a <see cref="SafrTransformer"/> on the <see cref="SafrObjective"/> L = L_CE + lambda_imp L_imp + lambda_inter L_inter the way the
/// release does (Adam, dev accuracy each epoch, early stopping), and adds what a study needs: seeds that
/// make two runs bitwise equal on CPU, a real copy of the best state, an atomic checkpoint every epoch,
/// resume, a progress callback, cancellation, and a stop on a NaN or infinite loss.
/// <code>
/// var model = SafrTrainer.CreateModel(RunMode.Paper.ModelConfig(vocab.Count), seed: 0);
/// var trainer = new SafrTrainer(model, vocab, new TrainingOptions { LambdaImportance = 1, LambdaInteraction = 1 });
/// var result = trainer.Fit(data.Train, data.Dev);
/// </code>
/// </summary>
public sealed class SafrTrainer : IDisposable
{
    private readonly Adam _optimizer;

    /// <summary>The optimizer (for tests of what a resume restores).</summary>
    internal Adam Optimizer => _optimizer;
    private readonly List<EpochRecord> _history = [];
    private Dictionary<string, Tensor>? _bestState;
    private int _bestEpoch;
    private double _bestDevAccuracy;
    private int _epochsWithoutImprovement;
    private string? _dataFingerprint;
    private int? _modelEpoch;  // set when Fit restores the best state; until then the model holds the last epoch

    public SafrTrainer(SafrTransformer model, Vocabulary vocabulary, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (vocabulary.Count != model.Config.VocabSize)
            throw new ArgumentException($"the vocabulary has {vocabulary.Count} tokens but the model's VocabSize is {model.Config.VocabSize}", nameof(vocabulary));
        if (options.MaxLength > model.Config.MaxSeqLength)
            throw new ArgumentException($"MaxLength {options.MaxLength} exceeds the model's MaxSeqLength {model.Config.MaxSeqLength}", nameof(options));
        if (model.Config.Pooling != options.Mode.Pooling())
            throw new ArgumentException(
                $"the options train in {options.Mode} mode but the model was built for {RunModeModels.Of(model.Config)} mode; build it with options.Mode.ModelConfig(...) or .Configure(config)",
                nameof(options));
        Model = model;
        Vocabulary = vocabulary;
        Options = options;
        Run = options.RunFolder is null ? null : new RunFolder(options.RunFolder);
        _optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
    }

    public SafrTransformer Model { get; }

    public Vocabulary Vocabulary { get; }

    public TrainingOptions Options { get; }

    /// <summary>The epochs finished so far (including those before a resume).</summary>
    public IReadOnlyList<EpochRecord> History => _history;

    /// <summary>Epochs already done: <see cref="Fit"/> continues with the next one.</summary>
    public int CompletedEpochs => _history.Count;

    /// <summary>Seeds libtorch's generator, then builds the model: the same seed gives the same initial weights.</summary>
    public static SafrTransformer CreateModel(SafrTransformerConfig config, int seed, Device? device = null)
    {
        manual_seed(unchecked((long)SeedFor(seed, -1)));
        var model = new SafrTransformer(config);
        if (device is not null) model.to(device);
        return model;
    }

    /// <summary>
    /// Continues the run in <paramref name="runFolder"/> from its latest complete epoch checkpoint: weights,
    /// optimizer state, history, early-stopping counters and the best state are restored, and
    /// <see cref="Fit"/> then runs the remaining epochs exactly as the uninterrupted run would have.
    /// </summary>
    /// <param name="tokenizer">Only for a run whose tokenizer is not built in: that tokenizer (see <see cref="Checkpoint.Load"/>).</param>
    public static SafrTrainer Resume(string runFolder, Device? device = null, ITextTokenizer? tokenizer = null)
    {
        var run = new RunFolder(runFolder);
        var latest = run.LatestCheckpoint()
            ?? throw new FileNotFoundException($"{run.Checkpoints}: no complete epoch checkpoint to resume from");
        var loaded = Checkpoint.Load(latest, device, tokenizer);
        var m = loaded.Manifest;
        var trainer = new SafrTrainer(loaded.Model, loaded.Vocabulary, m.Options with { RunFolder = run.Path });
        Checkpoint.LoadOptimizer(latest, trainer._optimizer, device);
        trainer._history.AddRange(m.History);
        trainer._bestEpoch = m.BestEpoch;
        trainer._bestDevAccuracy = m.BestDevAccuracy;
        trainer._epochsWithoutImprovement = m.EpochsWithoutImprovement;
        trainer._dataFingerprint = m.DataFingerprint;
        if (m.BestEpoch > 0 && m.BestEpoch != m.Epoch)
        {
            using var scope = NewDisposeScope();
            var weights = Serialization.SafeTensors.Load(Path.Combine(run.EpochCheckpoint(m.BestEpoch), Checkpoint.ModelFile), device);
            scope.Detach([.. weights.Values]);
            trainer._bestState = weights;
        }
        else if (m.BestEpoch > 0)
        {
            trainer._bestState = trainer.CopyState();
        }
        return trainer;
    }

    /// <summary>The run folder of <see cref="TrainingOptions.RunFolder"/>, or null when the run is kept in memory.</summary>
    public RunFolder? Run { get; }

    /// <summary>
    /// Trains until patience runs out or MaxEpochs, then leaves the best state in the model (the last one
    /// with <see cref="TrainingOptions.PaperCompatible"/>). Cancellation is checked before every step;
    /// finished epochs stay checkpointed, so <see cref="Resume"/> continues a cancelled run.
    /// </summary>
    public TrainingResult Fit(IReadOnlyList<TextExample> train, IReadOnlyList<TextExample> dev,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        if (train.Count == 0) throw new ArgumentException("the training set is empty", nameof(train));
        if (dev.Count == 0) throw new ArgumentException("the dev set is empty (early stopping needs it)", nameof(dev));
        var fingerprint = Fingerprint(train, dev);
        if (_dataFingerprint is not null && _dataFingerprint != fingerprint)
            throw new InvalidOperationException("this run was started on other train/dev data (the fingerprints differ); resume it with the data it was started on");
        _dataFingerprint = fingerprint;
        _modelEpoch = null;

        var device = Model.parameters().First().device;
        var o = Options;
        // One process per run folder; what an interrupted checkpoint write left behind goes.
        using var runLock = Run?.Lock();
        Run?.RemoveLeftovers();
        var trainBatches = new BatchIterator(train, Vocabulary, o.BatchSize, o.MaxLength, o.Padding, shuffle: true, seed: o.Seed, device: device);
        var devBatches = new BatchIterator(dev, Vocabulary, o.EvaluationBatchSize, o.MaxLength, o.Padding, shuffle: false, device: device);
        var stoppedEarly = _epochsWithoutImprovement >= o.Patience;

        for (var epoch = CompletedEpochs + 1; epoch <= o.MaxEpochs && !stoppedEarly; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var record = RunEpoch(epoch, trainBatches, devBatches, progress, cancellationToken) with { Seconds = 0 };
            var improved = record.DevAccuracy > _bestDevAccuracy;
            if (improved)
            {
                _bestDevAccuracy = record.DevAccuracy;
                _bestEpoch = epoch;
                _epochsWithoutImprovement = 0;
                DisposeBest();
                if (!o.PaperCompatible) _bestState = CopyState();
            }
            else
            {
                _epochsWithoutImprovement++;
            }
            record = record with { Improved = improved, Seconds = watch.Elapsed.TotalSeconds };
            _history.Add(record);
            stoppedEarly = _epochsWithoutImprovement >= o.Patience;
            if (Run is not null) SaveEpochCheckpoint(Run, epoch);
            progress?.Invoke(new TrainingProgress(epoch, o.MaxEpochs, trainBatches.Count, trainBatches.Count, record.Loss, record));
        }

        var modelEpoch = CompletedEpochs;
        if (!o.PaperCompatible && _bestState is not null && _bestEpoch != CompletedEpochs)
        {
            StateDict.Load(Model, _bestState);
            modelEpoch = _bestEpoch;
        }
        _modelEpoch = modelEpoch;
        if (Run is not null) Checkpoint.Save(Run.FinalModel, Model, Manifest(modelEpoch));
        return new TrainingResult(_history.ToArray(), _bestEpoch, _bestDevAccuracy, modelEpoch, stoppedEarly, o.RunFolder);
    }

    /// <summary>The run so far (for a live display while <see cref="Fit"/> runs, or after it).</summary>
    public TrainingResult Result() =>
        new(_history.ToArray(), _bestEpoch, _bestDevAccuracy, _modelEpoch ?? CompletedEpochs,
            _epochsWithoutImprovement >= Options.Patience, Options.RunFolder);

    /// <summary>Accuracy of the model as it is now on <paramref name="examples"/>, batched as in training.</summary>
    public double Evaluate(IReadOnlyList<TextExample> examples)
    {
        var batches = new BatchIterator(examples, Vocabulary, Options.EvaluationBatchSize, Options.MaxLength, Options.Padding,
            shuffle: false, device: Model.parameters().First().device);
        return Accuracy.Evaluate(Model, batches);
    }

    /// <summary>The manifest that describes the model as it is now (epoch = the epoch its weights come from).</summary>
    public CheckpointManifest Manifest(int epoch, double? testAccuracy = null) => new()
    {
        Epoch = epoch,
        Config = Model.Config,
        Dtype = Model.parameters().First().dtype == ScalarType.Float64 ? "float64" : "float32",
        Vocabulary = VocabularyTokens.From(Vocabulary),
        Seed = Options.Seed,
        Options = Options,
        History = _history.ToArray(),
        BestEpoch = _bestEpoch,
        BestDevAccuracy = _bestDevAccuracy,
        EpochsWithoutImprovement = _epochsWithoutImprovement,
        DataFingerprint = _dataFingerprint,
        TestAccuracy = testAccuracy,
    };

    public void Dispose()
    {
        DisposeBest();
        _optimizer.Dispose();
    }

    private EpochRecord RunEpoch(int epoch, BatchIterator trainBatches, BatchIterator devBatches,
        Action<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var o = Options;
        // Every epoch reseeds libtorch's generator (dropout, VMASK's Gumbel noise) from (seed, epoch), and the
        // batch order depends only on (seed, epoch): a resumed run replays exactly what the whole run does.
        manual_seed(unchecked((long)SeedFor(o.Seed, epoch)));
        var objective = o.Objective(epoch);
        Model.train();
        double loss = 0, ce = 0, imp = 0, inter = 0;
        long correct = 0, seen = 0;
        var steps = 0;
        foreach (var batch in trainBatches.Epoch(epoch - 1))
        {
            using var _ = batch;
            using var scope = NewDisposeScope();
            cancellationToken.ThrowIfCancellationRequested();
            steps++;
            var output = Model.call(batch.InputIds);
            var terms = objective.Compute(output, batch.Labels);
            var total = terms.Total;
            var value = Scalar(total);
            if (!double.IsFinite(value)) throw new TrainingDivergedException(epoch, steps, value, "loss");
            _optimizer.zero_grad();
            total.backward();
            _optimizer.step();

            loss += value;
            ce += Scalar(terms.CrossEntropy);
            imp += Scalar(terms.Importance);
            inter += Scalar(terms.Interaction);
            using (no_grad())
            {
                correct += output.Logits.argmax(-1).eq(batch.Labels).sum().item<long>();
            }
            seen += batch.Size;
            if (steps % ScalarGarbage.Interval == 0) ScalarGarbage.Drain();
            progress?.Invoke(new TrainingProgress(epoch, o.MaxEpochs, steps, trainBatches.Count, loss / steps, null));
        }
        var devAccuracy = Accuracy.Evaluate(Model, devBatches);
        return new EpochRecord(epoch, loss / steps, ce / steps, imp / steps, inter / steps, (double)correct / seen, devAccuracy, 0, false);
    }

    /// <summary>A 0-d tensor's value as a double, whatever its floating dtype.</summary>
    private static double Scalar(Tensor t) => t.dtype == ScalarType.Float64 ? t.item<double>() : t.item<float>();

    private void SaveEpochCheckpoint(RunFolder run, int epoch)
    {
        Checkpoint.Save(run.EpochCheckpoint(epoch), Model, Manifest(epoch), _optimizer);
        // Keep the newest checkpoint (to resume) and the best one (to restore); older ones go.
        run.PruneCheckpoints(epoch, _bestEpoch);
    }

    private Dictionary<string, Tensor> CopyState()
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> copy;
        using (no_grad()) copy = Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        scope.Detach([.. copy.Values]);
        return copy;
    }

    private void DisposeBest()
    {
        if (_bestState is null) return;
        foreach (var t in _bestState.Values) t.Dispose();
        _bestState = null;
    }

    /// <summary>libtorch seed for (run seed, epoch); epoch -1 is the model's initialisation.</summary>
    private static ulong SeedFor(int seed, int epoch) => (uint)BatchIterator.EpochSeed(seed, epoch) | ((ulong)(uint)seed << 32);

    private static string Fingerprint(IReadOnlyList<TextExample> train, IReadOnlyList<TextExample> dev)
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
