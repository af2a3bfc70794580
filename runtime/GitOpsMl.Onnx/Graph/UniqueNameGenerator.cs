namespace GitOpsMl.Onnx;

/// <summary>
/// Hands out value and node names that never collide within one graph. A counter (not a hash or
/// GUID) is used so that the same sequence of builder calls yields the same names: the exported
/// bytes must be reproducible.
/// </summary>
internal sealed class UniqueNameGenerator
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private int _counter;

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Claims an exact name chosen by the caller (graph inputs and outputs are contracts).</summary>
    public void Claim(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("Names must be non-empty.", nameof(name));
        }
        if (!_taken.Add(name))
        {
            throw new InvalidOperationException($"The name '{name}' is already used in this graph.");
        }
    }

    /// <summary>Creates a fresh name such as <c>relu_12</c> from a readable hint.</summary>
    public string Next(string hint)
    {
        var stem = string.IsNullOrEmpty(hint) ? "v" : hint;
        string candidate;
        do
        {
            candidate = $"{stem}_{_counter++}";
        }
        while (!_taken.Add(candidate));
        return candidate;
    }
}
