using GitOpsMl.Api.Common;
using GitOpsMl.Api.Manifests;

namespace GitOpsMl.Api.Validation;

/// <summary>A reference as written in a manifest: the field, the key it names and where its name is.</summary>
public sealed record WrittenReference(string FieldPath, ObjectKey Target, SourceMark Mark);
