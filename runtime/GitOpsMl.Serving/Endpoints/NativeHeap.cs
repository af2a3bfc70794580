using System.Runtime.InteropServices;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// glibc's malloc keeps freed memory in its heaps (ONNX Runtime's tensors for a large run are
/// malloc'd), so native memory stays at a large request's peak; malloc_trim(0) returns the free
/// pages to the operating system. A no-op where there is no glibc (other C libraries, Windows, macOS).
/// </summary>
public static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (_unavailable) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable and the project does not allow unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
