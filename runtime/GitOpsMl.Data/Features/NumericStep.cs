using System.Text.Json.Serialization;

namespace GitOpsMl.Data.Features;

/// <summary>
/// One fitted numeric transform with all its constants. Constants are fitted and stored as
/// doubles; applying a step casts each constant to float32 at use and computes in float32, the
/// way the ONNX graph does, so training features and served features agree bit for bit on the
/// arithmetic (Log may differ in the last ulp between runtimes).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ImputeStep), "impute")]
[JsonDerivedType(typeof(StandardizeStep), "standardize")]
[JsonDerivedType(typeof(MinMaxStep), "minMax")]
[JsonDerivedType(typeof(Log1pStep), "log1p")]
[JsonDerivedType(typeof(ClipStep), "clip")]
[JsonDerivedType(typeof(BucketizeStep), "bucketize")]
public abstract record NumericStep;
