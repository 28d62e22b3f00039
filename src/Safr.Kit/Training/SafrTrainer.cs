using System.Diagnostics;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Optim;
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
/// make two runs bitwise equal on CPU, a real copy of the best state, a progress callback, cancellation, and a
/// stop on a NaN or infinite loss. It trains in memory; a <see cref="RunFolder"/> keeps a run on disk (a
/// checkpoint every epoch, the final model) and resumes it.
/// <code>
/// var model = SafrTrainer.CreateModel(RunMode.Paper.ModelConfig(vocab.Count), seed: 0);
/// var options = new TrainingOptions { LambdaImportance = 1, LambdaInteraction = 1 };
/// using var trainer = new SafrTrainer(model, vocab, options);
/// var result = trainer.Fit(data.Train, data.Dev);               // in memory
///
/// // Or instead, kept on disk and continued where a stopped run left off:
/// var run = new RunFolder("runs/mine");
/// using var trainer = run.LatestCheckpoint() is null ? new SafrTrainer(model, vocab, options) : run.Resume();
/// var result = run.Fit(trainer, data.Train, data.Dev);
/// </code>
/// </summary>
public sealed class SafrTrainer : IDisposable
{
    private readonly FusedAdam _optimizer;

    /// <summary>The optimizer: an epoch checkpoint saves its state, a resume loads it back.</summary>
    internal FusedAdam Optimizer => _optimizer;
    private readonly List<EpochRecord> _history = [];
    private Dictionary<string, Tensor>? _bestState;
    private int _bestEpoch;
    private double _bestDevAccuracy;
    private int _epochsWithoutImprovement;
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
        if (options.Precision == Precision.Bf16 && model.parameters().First().dtype != ScalarType.Float32)
            throw new ArgumentException($"Precision bf16 casts float32 weights to bfloat16 for each product; this model is {model.parameters().First().dtype}", nameof(options));
        model.Precision = options.Precision;
        Model = model;
        Vocabulary = vocabulary;
        Options = options;
        _optimizer = new FusedAdam(model.parameters(), lr: options.LearningRate);
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
    /// Puts a trainer that has not trained yet where a run stopped, so that <see cref="Fit"/> continues as the
    /// uninterrupted run would: the finished epochs and the early-stopping state after the last of them. The model's
    /// weights and the <see cref="Optimizer"/>'s state are the caller's to load. The trainer takes over
    /// <paramref name="bestState"/> (the best epoch's weights, null before any epoch improved) and disposes it.
    /// </summary>
    internal void Restore(IReadOnlyList<EpochRecord> history, int bestEpoch, double bestDevAccuracy, int epochsWithoutImprovement,
        Dictionary<string, Tensor>? bestState)
    {
        if (CompletedEpochs > 0) throw new InvalidOperationException("only a trainer that has not trained yet can be restored");
        _history.AddRange(history);
        _bestEpoch = bestEpoch;
        _bestDevAccuracy = bestDevAccuracy;
        _epochsWithoutImprovement = epochsWithoutImprovement;
        DisposeBest();
        _bestState = bestState;
    }

    /// <summary>
    /// Trains until patience runs out or MaxEpochs, then leaves the best state in the model (the last one
    /// with <see cref="TrainingOptions.PaperCompatible"/>). Cancellation is checked before every step. In memory:
    /// <see cref="RunFolder.Fit"/> trains the same way and checkpoints every epoch.
    /// </summary>
    public TrainingResult Fit(IReadOnlyList<TextExample> train, IReadOnlyList<TextExample> dev,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Loop(train, dev, progress, cancellationToken, epochFinished: null);

    /// <summary><see cref="Fit"/>'s epoch loop.</summary>
    /// <param name="epochFinished">Called with each epoch's number once the trainer's state includes it, before
    /// <paramref name="progress"/> hears of it: where a run folder checkpoints.</param>
    internal TrainingResult Loop(IReadOnlyList<TextExample> train, IReadOnlyList<TextExample> dev,
        Action<TrainingProgress>? progress, CancellationToken cancellationToken, Action<int>? epochFinished)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        if (train.Count == 0) throw new ArgumentException("the training set is empty", nameof(train));
        if (dev.Count == 0) throw new ArgumentException("the dev set is empty (early stopping needs it)", nameof(dev));
        _modelEpoch = null;

        var device = Model.parameters().First().device;
        var o = Options;
        var trainBatches = new BatchIterator(train, Vocabulary, o.BatchSize, o.MaxLength, o.Padding, shuffle: true, seed: o.Seed, device: device);
        var devBatches = EvaluationBatches(dev, device);
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
            epochFinished?.Invoke(epoch);
            progress?.Invoke(new TrainingProgress(epoch, o.MaxEpochs, trainBatches.Count, trainBatches.Count, record.Loss, record));
        }

        var modelEpoch = CompletedEpochs;
        if (!o.PaperCompatible && _bestState is not null && _bestEpoch != CompletedEpochs)
        {
            StateDict.Load(Model, _bestState);
            modelEpoch = _bestEpoch;
        }
        _modelEpoch = modelEpoch;
        return new TrainingResult(_history.ToArray(), _bestEpoch, _bestDevAccuracy, modelEpoch, stoppedEarly, RunFolder: null);
    }

    /// <summary>The run so far (for a live display while <see cref="Fit"/> runs, or after it); its RunFolder is null.</summary>
    public TrainingResult Result() =>
        new(_history.ToArray(), _bestEpoch, _bestDevAccuracy, _modelEpoch ?? CompletedEpochs,
            _epochsWithoutImprovement >= Options.Patience, RunFolder: null);

    /// <summary>Accuracy of the model as it is now on <paramref name="examples"/>, batched as in training.</summary>
    public double Evaluate(IReadOnlyList<TextExample> examples)
    {
        return Accuracy.Evaluate(Model, EvaluationBatches(examples, Model.parameters().First().device));
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
            _optimizer.ZeroGrad();
            total.backward();
            _optimizer.Step();

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

    /// <summary>The batches of an accuracy pass (dev each epoch, or <see cref="Evaluate"/>): in order, by the options' evaluation budget.</summary>
    private BatchIterator EvaluationBatches(IReadOnlyList<TextExample> examples, Device device) =>
        new(examples, Vocabulary, Options.EvaluationBatchSize, Options.MaxLength, Options.Padding, shuffle: false, device: device,
            tokenBudget: Options.EvaluationTokenBudget);

    /// <summary>A 0-d tensor's value as a double, whatever its floating dtype.</summary>
    private static double Scalar(Tensor t) => t.dtype == ScalarType.Float64 ? t.item<double>() : t.item<float>();

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
}
