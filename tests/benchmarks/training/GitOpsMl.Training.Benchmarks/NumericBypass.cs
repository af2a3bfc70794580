using GitOpsMl.Onnx.Proto;
using Google.Protobuf;

namespace GitOpsMl.Training.Benchmarks;

/// <summary>
/// The exported graph with its numeric transforms bypassed: every column the first dense layer reads from a numeric input
/// (imputed, clipped, log1p'd value, missing indicator) is fed that raw input instead, so what is left is the network and
/// the categorical lookups. Not a model anyone serves — its outputs are meaningless — but the cost of the part of the graph
/// no rearrangement of numeric steps can remove: how close to the bare network a graph with these inputs can get.
/// Applies to the folded per-column layout (the first Gemm reads a Concat of columns); anything else is refused by name.
/// </summary>
internal static class NumericBypass
{
    public static byte[] Of(byte[] model)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        var graph = proto.Graph;
        var numericInputs = graph.Input.Where(i => i.Type.TensorType.ElemType == (int)TensorProto.Types.DataType.Float).Select(i => i.Name).ToHashSet();
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node);
        var firstLayer = graph.Node.FirstOrDefault(n => n.OpType == "Gemm")
            ?? throw new InvalidOperationException("numeric bypass: the graph has no Gemm (not a folded dense input layer)");
        if (!producers.TryGetValue(firstLayer.Input[0], out var join) || join.OpType != "Concat")
            throw new InvalidOperationException($"numeric bypass: the first Gemm reads '{firstLayer.Input[0]}', not a Concat of columns (not the folded per-column layout)");
        for (var i = 0; i < join.Input.Count; i++) join.Input[i] = RawInput(join.Input[i], producers, numericInputs);
        Prune(graph);
        return proto.ToByteArray();
    }

    /// <summary>The numeric graph input a column descends from (breadth first through its producers).</summary>
    private static string RawInput(string value, Dictionary<string, NodeProto> producers, HashSet<string> numericInputs)
    {
        var queue = new Queue<string>([value]);
        while (queue.TryDequeue(out var name))
        {
            if (numericInputs.Contains(name)) return name;
            if (producers.TryGetValue(name, out var node)) foreach (var input in node.Input) queue.Enqueue(input);
        }
        throw new InvalidOperationException($"numeric bypass: column '{value}' of the first layer does not descend from a numeric input");
    }

    /// <summary>Drops nodes whose outputs nothing reads, then initializers and inputs nothing reads.</summary>
    private static void Prune(GraphProto graph)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            var read = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet();
            for (var i = graph.Node.Count - 1; i >= 0; i--)
            {
                if (!graph.Node[i].Output.Any(read.Contains))
                {
                    graph.Node.RemoveAt(i);
                    changed = true;
                }
            }
        }
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var initializer in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList()) graph.Initializer.Remove(initializer);
        foreach (var input in graph.Input.Where(i => !used.Contains(i.Name)).ToList()) graph.Input.Remove(input);
    }
}
