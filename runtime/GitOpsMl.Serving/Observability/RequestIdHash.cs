namespace GitOpsMl.Serving.Observability;

/// <summary>64-bit hash of a request id (FNV-1a over UTF-16 code units, splitmix64-finalised); collisions among 10⁵ live ids have odds ~10⁻⁹.</summary>
public static class RequestIdHash
{
    public static ulong Of(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }
}
