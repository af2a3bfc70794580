namespace GitOpsMl.Onnx;

/// <summary>How a dense layer's row-major weight array is laid out.</summary>
public enum WeightLayout
{
    /// <summary>[in, out]: y = x · W + b.</summary>
    InputByOutput,

    /// <summary>[out, in], as torch.nn.Linear stores <c>weight</c>: y = x · Wᵀ + b (no copy/transpose needed).</summary>
    OutputByInput,
}
