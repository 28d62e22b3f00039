using System.Text.Json;
using Safr.Kit.Serialization;

namespace Safr.Kit.Tests.Serialization;

/// <summary>The official fixtures (written by the reference safetensors library) load with the dtypes, shapes and values their README describes.</summary>
public class SafeTensorsFixtureTests
{
    private static double MaxAbs(Tensor t)
    {
        using var a = t.abs();
        using var m = a.max();
        return m.item<double>();
    }

    private static void AssertRowsSumToOne(Tensor attn, string what)
    {
        using var sums = attn.sum(-1);
        using var error = sums - 1.0;
        Assert.True(MaxAbs(error) < 1e-12, $"{what}: rows do not sum to 1 (max error {MaxAbs(error):E3})");
    }

    private static JsonElement Json(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Checkout.Fixture(name)));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Regularizers()
    {
        using var scope = NewDisposeScope();
        var path = Checkout.Fixture("regularizers.safetensors");
        var t = SafeTensors.Load(path);
        Assert.Equal(["x", "x_grad", "attn_scores", "attn", "attn_scores_grad"], t.Keys);
        Assert.All(t.Values, v => Assert.Equal(ScalarType.Float64, v.dtype));
        Assert.Equal([3L, 9, 16], t["x"].shape);
        Assert.Equal(t["x"].shape, t["x_grad"].shape);
        Assert.Equal([3L, 4, 9, 9], t["attn_scores"].shape);
        Assert.Equal([3L, 4, 9, 9], t["attn"].shape);
        Assert.Equal([3L, 4, 9, 9], t["attn_scores_grad"].shape);

        // attn = softmax(attn_scores, -1).
        AssertRowsSumToOne(t["attn"], "attn");
        using (var softmax = t["attn_scores"].softmax(-1))
        using (var diff = softmax - t["attn"])
            Assert.True(MaxAbs(diff) < 1e-14, $"attn differs from softmax(attn_scores) by {MaxAbs(diff):E3}");

        // x has some all-zero rows (tokens a hard mask dropped), and not only those.
        var rowNorms = t["x"].norm(-1).data<double>().ToArray();
        Assert.Contains(rowNorms, n => n == 0);
        Assert.Contains(rowNorms, n => n > 0);

        // The JSON's scalars are L_imp(x) and L_inter(attn) as the README defines them, computed here by plain loops.
        var json = Json("regularizers.json");
        var (batch, length, dim) = ((int)t["x"].shape[0], (int)t["x"].shape[1], (int)t["x"].shape[2]);
        Assert.Equal(ImportanceLossByHand(t["x"].data<double>().ToArray(), batch, length, dim), json.GetProperty("polysemanticity_loss").GetDouble(), 1e-12);
        var (heads, positions) = ((int)t["attn"].shape[1], (int)t["attn"].shape[2]);
        Assert.Equal(InteractionLossByHand(t["attn"].data<double>().ToArray(), (int)t["attn"].shape[0] * heads, positions),
            json.GetProperty("interference_loss").GetDouble(), 1e-12);
        Assert.Empty(SafeTensors.LoadMetadata(path));
    }

    /// <summary>Mean over tokens of P_l = ||(x_l / (||x_l|| + 1e-5)) . x_m for m != l||_2 / sqrt(E).</summary>
    private static double ImportanceLossByHand(double[] x, int batch, int length, int dim)
    {
        double Dot(int b, int i, int j)
        {
            double sum = 0;
            for (var k = 0; k < dim; k++) sum += x[(b * length + i) * dim + k] * x[(b * length + j) * dim + k];
            return sum;
        }
        double total = 0;
        for (var b = 0; b < batch; b++)
            for (var i = 0; i < length; i++)
            {
                var norm = Math.Sqrt(Dot(b, i, i)) + 1e-5;
                double squares = 0;
                for (var j = 0; j < length; j++)
                    if (j != i) squares += Math.Pow(Dot(b, i, j) / norm, 2);
                total += Math.Sqrt(squares) / Math.Sqrt(dim);
            }
        return total / (batch * length);
    }

    /// <summary>mean(C * (1 - I)) over every (batch, head) L x L map, with C = A / A.sum(-1) and I = A A^T, zero diagonal.</summary>
    private static double InteractionLossByHand(double[] attention, int maps, int length)
    {
        double A(int m, int i, int j) => attention[(m * length + i) * length + j];
        double total = 0;
        for (var m = 0; m < maps; m++)
            for (var i = 0; i < length; i++)
            {
                double rowSum = 0;
                for (var j = 0; j < length; j++) rowSum += A(m, i, j);
                for (var j = 0; j < length; j++)
                {
                    double coAttention = 0;
                    if (j != i)
                        for (var k = 0; k < length; k++) coAttention += A(m, i, k) * A(m, j, k);
                    total += A(m, i, j) / rowSum * (1 - coAttention);
                }
            }
        return total / ((double)maps * length * length);
    }

    [Fact]
    public void Model()
    {
        using var scope = NewDisposeScope();
        var config = Json("model.json").GetProperty("config");
        long vocab = config.GetProperty("vocab_size").GetInt64(), d = config.GetProperty("d_model").GetInt64();
        long heads = config.GetProperty("num_heads").GetInt64(), dff = config.GetProperty("d_ff").GetInt64();
        long maxLength = config.GetProperty("max_seq_length").GetInt64(), classes = config.GetProperty("num_classes").GetInt64();
        long maskHidden = config.GetProperty("mask_hidden_dim").GetInt64();
        Assert.Equal((37L, 16L, 4L, 32L, 12L, 3L, 24L), (vocab, d, heads, dff, maxLength, classes, maskHidden));

        var t = SafeTensors.Load(Checkout.Fixture("model.safetensors"));
        var inputIds = t["input_ids"];
        Assert.Equal(ScalarType.Int64, inputIds.dtype);
        var batch = inputIds.shape[0];
        Assert.Equal([batch, maxLength], inputIds.shape);
        Assert.Equal(ScalarType.Int64, t["labels"].dtype);
        Assert.Equal([batch], t["labels"].shape);
        Assert.All(t["labels"].data<long>().ToArray(), l => Assert.InRange(l, 0, classes - 1));

        // Token ids in the vocabulary, right-padded with PAD = 0.
        var ids = inputIds.data<long>().ToArray();
        Assert.All(ids, id => Assert.InRange(id, 0, vocab - 1));
        for (var b = 0; b < batch; b++)
        {
            var row = ids.Skip((int)(b * maxLength)).Take((int)maxLength).ToArray();
            var firstPad = Array.IndexOf(row, 0L);
            if (firstPad >= 0) Assert.All(row.Skip(firstPad), id => Assert.Equal(0L, id));
        }

        var expected = new Dictionary<string, long[]>
        {
            ["embedding.weight"] = [vocab, d],
            ["vmask.linear_layer.weight"] = [maskHidden, d],
            ["vmask.linear_layer.bias"] = [maskHidden],
            ["vmask.hidden2p.weight"] = [2, maskHidden],
            ["vmask.hidden2p.bias"] = [2],
            ["pos_encoder.pe"] = [1, maxLength, d],
            ["layers.0.attention.query.weight"] = [d, d],
            ["layers.0.attention.out.bias"] = [d],
            ["layers.0.norm1.weight"] = [d],
            ["layers.0.ff.linear1.weight"] = [dff, d],
            ["layers.0.ff.linear2.weight"] = [d, dff],
            ["layers.0.norm2.bias"] = [d],
            ["fc.weight"] = [classes, d],
            ["fc.bias"] = [classes],
        };
        foreach (var (name, shape) in expected)
        {
            Assert.Equal(ScalarType.Float64, t[$"param.{name}"].dtype);
            Assert.Equal(shape, t[$"param.{name}"].shape);
        }

        // Every parameter (not the positional buffer) has a gradient of its shape.
        var parameters = t.Keys.Where(k => k.StartsWith("param.", StringComparison.Ordinal)).Select(k => k["param.".Length..]).ToList();
        Assert.Equal(24, parameters.Count);
        foreach (var name in parameters.Where(n => n != "pos_encoder.pe"))
            Assert.Equal(t[$"param.{name}"].shape, t[$"grad.{name}"].shape);
        Assert.False(t.ContainsKey("grad.pos_encoder.pe"));

        // Activations.
        Assert.Equal([batch, classes], t["logits"].shape);
        Assert.Equal([batch, maxLength, 2], t["vmask_logits"].shape);
        Assert.Equal([batch, maxLength, d], t["x_vmask"].shape);
        Assert.Equal([batch, maxLength, d], t["block_out"].shape);
        Assert.Equal([batch, heads, maxLength, maxLength], t["attn"].shape);
        AssertRowsSumToOne(t["attn"], "attn");

        // The sinusoidal buffer: pe[pos, 0] = sin(pos), pe[pos, 1] = cos(pos) (the release computes it in float32).
        var pe = t["param.pos_encoder.pe"].data<double>().ToArray();
        for (var pos = 0; pos < maxLength; pos++)
        {
            Assert.Equal(Math.Sin(pos), pe[pos * d], 1e-6);
            Assert.Equal(Math.Cos(pos), pe[pos * d + 1], 1e-6);
        }

        // The head: logits = mean over all positions of block_out, then fc.
        using (var pooled = t["block_out"].mean([1]))
        using (var logits = pooled.matmul(t["param.fc.weight"].t()) + t["param.fc.bias"])
        using (var diff = logits - t["logits"])
            Assert.True(MaxAbs(diff) < 1e-12, $"logits differ from fc(mean(block_out)) by {MaxAbs(diff):E3}");
    }

    [Fact]
    public void Adam()
    {
        using var scope = NewDisposeScope();
        var json = Json("adam.json");
        var lr = json.GetProperty("lr").GetDouble();
        Assert.Equal(1e-4, lr);

        var model = SafeTensors.Load(Checkout.Fixture("model.safetensors"));
        var after = SafeTensors.Load(Checkout.Fixture("adam.safetensors"));
        Assert.Equal(model.Keys.Where(k => k.StartsWith("param.", StringComparison.Ordinal)), after.Keys);
        foreach (var (name, p) in after)
        {
            Assert.Equal(ScalarType.Float64, p.dtype);
            Assert.Equal(model[name].shape, p.shape);
            using var diff = p - model[name];
            if (name == "param.pos_encoder.pe")
            {
                Assert.Equal(0.0, MaxAbs(diff)); // a buffer: Adam does not touch it
                continue;
            }
            // Two Adam steps move each element by at most about 2 lr (|m_hat / sqrt(v_hat)| <= ~1 in the first steps).
            Assert.True(MaxAbs(diff) <= 2.01 * lr, $"{name} moved by {MaxAbs(diff):E3}");
            Assert.True(MaxAbs(diff) > 0, $"{name} did not move");
        }
    }

    [Fact]
    public void HeaderReportsFileOrderAndOffsets()
    {
        var header = SafeTensors.ReadHeader(Checkout.Fixture("model.safetensors"));
        Assert.Equal("input_ids", header.Tensors[0].Name);
        Assert.Equal(0, header.Tensors[0].Begin);
        for (var i = 1; i < header.Tensors.Count; i++) Assert.Equal(header.Tensors[i - 1].End, header.Tensors[i].Begin);
        Assert.Equal(0, header.DataStart % 8);
        Assert.Equal(new FileInfo(Checkout.Fixture("model.safetensors")).Length, header.DataStart + header.Tensors[^1].End);
    }
}
