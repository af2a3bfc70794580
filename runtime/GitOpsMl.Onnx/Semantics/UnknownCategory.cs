namespace GitOpsMl.Onnx;

/// <summary>What a one-hot encoding emits for a string outside its vocabulary (including "" unless "" is in it).</summary>
public enum UnknownCategory
{
    /// <summary>Width = vocabulary size; an unknown value produces a row of zeros.</summary>
    AllZeros,

    /// <summary>Width = vocabulary size + 1; an unknown value sets the extra last ("other") slot.</summary>
    OtherSlot,
}
