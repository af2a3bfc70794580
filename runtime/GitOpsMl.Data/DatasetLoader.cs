using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Validation;

namespace GitOpsMl.Data;

/// <summary>
/// Read then validate in one call, the way the trainer needs it: any refusal surfaces as
/// <see cref="DataRefusedException"/>, whatever stage found it.
/// </summary>
public static class DatasetLoader
{
    public static ValidatedDataset Load(DatasetSpec spec, byte[] bytes) => SchemaValidator.Validate(spec, DatasetReader.Read(spec, bytes));

    public static ValidatedDataset LoadFile(DatasetSpec spec, string path) => Load(spec, File.ReadAllBytes(path));
}
