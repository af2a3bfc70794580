namespace GitOpsMl.Api.Validation;

/// <summary>A manifest file's bytes and the name it is reported under (the path as the user gave it).</summary>
/// <param name="SizeOnDisk">Set instead of reading a file that is over the size limit: it is refused unread, with its real size.</param>
public sealed record ManifestFile(string DisplayName, byte[] Bytes, long? SizeOnDisk = null)
{
    public static ManifestFile Unread(string displayName, long sizeOnDisk) => new(displayName, [], sizeOnDisk);
}
