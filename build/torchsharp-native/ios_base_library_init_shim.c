/*
 * Shim for TorchSharp's libLibTorchSharp.so on systems whose libstdc++ predates GCC 13.
 *
 * GCC 13's <iostream> makes every translation unit reference std::ios_base_library_init()
 * (mangled _ZSt21ios_base_library_initv, symbol version GLIBCXX_3.4.32) instead of defining
 * a static std::ios_base::Init object. The reference only exists to pull in libstdc++'s
 * iostream initialisation; the libstdc++ function itself does nothing. On an older libstdc++
 * the standard streams are initialised by the std::ios_base::Init objects that libtorch's
 * own translation units construct, so an empty definition is all that is needed.
 *
 * Built by build/torchsharp-native/TorchSharpNative.targets with the machine's C compiler:
 *   cc -shared -fPIC -O2 -Wl,-soname,libgitopsml_iosinit_shim.so -o libgitopsml_iosinit_shim.so ios_base_library_init_shim.c
 */
__attribute__((visibility("default")))
void _ZSt21ios_base_library_initv(void)
{
}
