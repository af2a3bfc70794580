namespace GitOpsMl.Training.Export;

/// <summary>The forms a numeric step takes in the exported graph; steps of one form share nodes across columns.</summary>
public enum NumericStageKind
{
    Impute,
    Clip,
    Log1p,

    /// <summary>(x - a) / b: standardize and min-max scaling.</summary>
    Affine,
}
