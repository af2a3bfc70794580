// MSBuild inline task (RoslynCodeTaskFactory, see TorchSharpNative.targets): makes a patched copy of
// TorchSharp's libLibTorchSharp.so that loads on a libstdc++ without GLIBCXX_3.4.32 (GCC < 13,
// e.g. Debian 12). See README.md next to this file. The ELF edits are done in place, in a copy:
// nothing moves, the file keeps its size, and every edit is checked before and after.
// Compiled against netstandard by MSBuild, so it sticks to APIs available there.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class PatchTorchSharpNative : Task
{
    public const string ShimFileName = "libgitopsml_iosinit_shim.so";
    const string MissingVersion = "GLIBCXX_3.4.32";
    const string ShimmedSymbol = "_ZSt21ios_base_library_initv";

    static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/libstdc++.so.6",
    };

    /// <summary>libLibTorchSharp.so as restored by NuGet (read only).</summary>
    [Required] public string SourceFile { get; set; } = "";
    /// <summary>Where the patched library and the shim are written (the project's obj folder).</summary>
    [Required] public string OutputDirectory { get; set; } = "";
    /// <summary>The C source of the shim.</summary>
    [Required] public string ShimSource { get; set; } = "";
    /// <summary>Written last: first line "patched" or "not-needed".</summary>
    [Required] public string StampFile { get; set; } = "";
    /// <summary>auto: patch only when the system libstdc++ lacks GLIBCXX_3.4.32; true: always patch.</summary>
    public string Mode { get; set; } = "auto";
    /// <summary>Optional: libstdc++ to inspect instead of the usual system locations.</summary>
    public string LibStdCxx { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            return Run();
        }
        catch (Exception ex)
        {
            Log.LogError("torchsharp-native: " + ex.Message);
            return false;
        }
    }

    bool Run()
    {
        Directory.CreateDirectory(OutputDirectory);
        var patchedPath = Path.Combine(OutputDirectory, "libLibTorchSharp.so");
        var shimPath = Path.Combine(OutputDirectory, ShimFileName);
        if (File.Exists(patchedPath)) File.Delete(patchedPath);

        var force = string.Equals(Mode, "true", StringComparison.OrdinalIgnoreCase);
        if (!force && !string.Equals(Mode, "auto", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("GitOpsMlTorchSharpNativeFix must be auto, true or false, not '" + Mode + "'");
        if (!force)
        {
            var libstdcxx = !string.IsNullOrEmpty(LibStdCxx) ? LibStdCxx : LibStdCxxCandidates.FirstOrDefault(File.Exists);
            if (libstdcxx == null)
                return NotNeeded("no system libstdc++.so.6 found in the usual places");
            if (Contains(File.ReadAllBytes(libstdcxx), Encoding.ASCII.GetBytes(MissingVersion + "\0")))
                return NotNeeded(libstdcxx + " provides " + MissingVersion);
        }

        var bytes = File.ReadAllBytes(SourceFile);
        var before = new Elf(bytes);
        var need = before.FindVernaux("libstdc++.so.6", MissingVersion);
        if (need == null)
            return NotNeeded(SourceFile + " does not require " + MissingVersion);

        var refsBefore = before.NamedStrings(includeSearchPaths: false);
        var neededBefore = before.Needed();
        var notes = Patch(before, need.Value);
        Verify(new Elf(bytes), neededBefore, refsBefore);

        CompileShim(shimPath);
        var tmp = patchedPath + ".tmp";
        File.Copy(SourceFile, tmp, true); // keeps the file mode
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, patchedPath);

        File.WriteAllLines(StampFile, new[] { "patched", "source=" + SourceFile }.Concat(notes).ToArray());
        Log.LogMessage(MessageImportance.High,
            "torchsharp-native: patched copy of libLibTorchSharp.so (" + (force ? "forced" : "system libstdc++ lacks " + MissingVersion) + ") -> " + patchedPath);
        return true;
    }

    bool NotNeeded(string why)
    {
        File.WriteAllLines(StampFile, new[] { "not-needed", why });
        Log.LogMessage(MessageImportance.Normal, "torchsharp-native: no patch needed: " + why);
        return true;
    }

    /// <summary>The three edits; returns a description of each.</summary>
    static List<string> Patch(Elf elf, Elf.Vernaux need)
    {
        var notes = new List<string>();

        // 1. Make the version requirement weak: ld.so then accepts a libstdc++ that lacks it.
        elf.W16(need.Offset + 4, (ushort)(need.Flags | Elf.VER_FLG_WEAK));
        notes.Add("vernaux " + MissingVersion + " (index " + need.Index + "): flags |= VER_FLG_WEAK");

        // 2. Clear the symbol version of the one symbol that needs it; refuse if others do.
        var users = elf.SymbolsWithVersion(need.Index).ToList();
        var others = users.Where(u => u.Name != ShimmedSymbol).Select(u => u.Name).ToList();
        if (others.Count > 0)
            throw new InvalidOperationException("symbols other than " + ShimmedSymbol + " need " + MissingVersion +
                " (" + string.Join(", ", others) + "); the shim does not cover them. Build on a system with GCC 13+'s libstdc++.");
        foreach (var u in users)
        {
            if (u.Defined) throw new InvalidOperationException(ShimmedSymbol + " is defined in the library itself; unexpected layout");
            elf.W16(elf.VersymOffset + 2 * u.Index, Elf.VER_NDX_GLOBAL);
            notes.Add("versym[" + u.Index + "] " + u.Name + ": " + need.Index + " -> 1 (unversioned)");
        }

        // 3. DT_NEEDED on the shim, which defines the symbol. The name goes into free bytes of
        //    .dynstr, the entry into a spare DT_NULL slot of .dynamic.
        if (elf.Needed().Contains(ShimFileName)) return notes;
        int nameOffset = elf.PlaceString(ShimFileName, notes);
        elf.InsertNeeded((uint)nameOffset);
        notes.Add("DT_NEEDED " + ShimFileName + " (dynstr offset " + nameOffset + ")");
        return notes;
    }

    static void Verify(Elf after, List<string> neededBefore, List<string> refsBefore)
    {
        var need = after.FindVernaux("libstdc++.so.6", MissingVersion);
        if (need == null || (need.Value.Flags & Elf.VER_FLG_WEAK) == 0) throw Fail("version requirement not weak");
        if (after.SymbolsWithVersion(need.Value.Index).Any()) throw Fail("symbol version not cleared");
        var expected = neededBefore.Contains(ShimFileName) ? neededBefore : neededBefore.Concat(new[] { ShimFileName }).ToList();
        if (!after.Needed().SequenceEqual(expected))
            throw Fail("DT_NEEDED is not the original list plus the shim: " + string.Join(",", after.Needed()));
        if (!after.NamedStrings(includeSearchPaths: false).Where(s => s != ShimFileName).SequenceEqual(refsBefore.Where(s => s != ShimFileName)))
            throw Fail("a string referenced by the library changed");
        if (!after.SearchPaths().Any(p => p.StartsWith("$ORIGIN", StringComparison.Ordinal)))
            throw Fail("RUNPATH lost $ORIGIN, the shim and libtorch would not be found next to the library");
    }

    static Exception Fail(string what) => new InvalidOperationException("self-check of the patched library failed: " + what);

    void CompileShim(string shimPath)
    {
        var candidates = new List<string>();
        var cc = Environment.GetEnvironmentVariable("CC");
        if (!string.IsNullOrWhiteSpace(cc)) candidates.Add(cc.Trim());
        candidates.AddRange(new[] { "cc", "gcc", "clang" });
        var compiler = candidates.Select(FindOnPath).FirstOrDefault(p => p != null);
        if (compiler == null)
            throw new InvalidOperationException("no C compiler (CC, cc, gcc, clang) found to build the " + ShimFileName +
                " shim. Install gcc (apt-get install gcc), or set -p:GitOpsMlTorchSharpNativeFix=false to skip the fix.");
        var args = "-shared -fPIC -O2 -Wl,-soname," + ShimFileName + " -o \"" + shimPath + "\" \"" + ShimSource + "\"";
        var psi = new ProcessStartInfo(compiler, args)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        using (var p = Process.Start(psi)!)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0 || !File.Exists(shimPath))
                throw new InvalidOperationException(compiler + " " + args + " failed (" + p.ExitCode + "): " + stderr + stdout.Result);
        }
        var shim = new Elf(File.ReadAllBytes(shimPath));
        if (!shim.DefinesSymbol(ShimmedSymbol)) throw Fail(ShimFileName + " does not export " + ShimmedSymbol);
    }

    static string? FindOnPath(string name)
    {
        if (name.Contains("/")) return File.Exists(name) ? name : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length == 0) continue;
            var full = Path.Combine(dir, name);
            if (File.Exists(full)) return full;
        }
        return null;
    }

    static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack[i] != needle[0]) continue;
            int j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    /// <summary>Just enough of ELF64 little-endian (dynamic section, dynsym, versions) for the edits above.</summary>
    sealed class Elf
    {
        public const ushort VER_FLG_WEAK = 2;
        public const ushort VER_NDX_GLOBAL = 1;
        const uint SHT_DYNAMIC = 6, SHT_DYNSYM = 11, SHT_VERSYM = 0x6fffffff, SHT_VERNEED = 0x6ffffffe, SHT_VERDEF = 0x6ffffffd;
        const long DT_NULL = 0, DT_NEEDED = 1, DT_SONAME = 14, DT_RPATH = 15, DT_RUNPATH = 29;
        static readonly long[] StringTags = { DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH, 0x7ffffffd, 0x7fffffff, 0x6ffffefa, 0x6ffffefb, 0x6ffffefc };

        public struct Vernaux { public int Offset; public ushort Flags; public ushort Index; }
        public struct Sym { public int Index; public string Name; public bool Defined; }

        readonly byte[] b;
        readonly int dynOff, dynCount, dynsymOff, dynsymCount, strOff, strSize, verneedOff, verneedCount, verdefOff, verdefCount;
        public int VersymOffset { get; }

        public Elf(byte[] bytes)
        {
            b = bytes;
            if (b.Length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
                throw new InvalidOperationException("not an ELF file");
            if (b[4] != 2 || b[5] != 1) throw new InvalidOperationException("not a 64-bit little-endian ELF file");
            long shoff = (long)R64(0x28);
            int shentsize = R16(0x3a), shnum = R16(0x3c);
            int dynsymIdx = -1;
            for (int i = 0; i < shnum; i++)
            {
                int sh = checked((int)(shoff + (long)i * shentsize));
                uint type = R32(sh + 4);
                int off = checked((int)R64(sh + 24)), size = checked((int)R64(sh + 32));
                uint info = R32(sh + 44);
                if (type == SHT_DYNAMIC) { dynOff = off; dynCount = size / 16; }
                else if (type == SHT_DYNSYM)
                {
                    dynsymIdx = i; dynsymOff = off; dynsymCount = size / 24;
                    int str = checked((int)(shoff + (long)R32(sh + 40) * shentsize));
                    strOff = checked((int)R64(str + 24)); strSize = checked((int)R64(str + 32));
                }
                else if (type == SHT_VERSYM) VersymOffset = off;
                else if (type == SHT_VERNEED) { verneedOff = off; verneedCount = (int)info; }
                else if (type == SHT_VERDEF) { verdefOff = off; verdefCount = (int)info; }
            }
            if (dynsymIdx < 0 || dynCount == 0 || strSize == 0)
                throw new InvalidOperationException("no .dynsym/.dynstr/.dynamic section headers");
        }

        public ushort R16(int o) => BitConverter.ToUInt16(b, o);
        public uint R32(int o) => BitConverter.ToUInt32(b, o);
        public ulong R64(int o) => BitConverter.ToUInt64(b, o);
        public void W16(int o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
        void W64(int o, ulong v) { for (int i = 0; i < 8; i++) b[o + i] = (byte)(v >> (8 * i)); }

        public string Str(uint off)
        {
            if (off >= strSize) throw new InvalidOperationException("string offset " + off + " outside .dynstr");
            int s = strOff + (int)off, e = s;
            while (b[e] != 0) e++;
            return Encoding.ASCII.GetString(b, s, e - s);
        }

        IEnumerable<(long Tag, ulong Val, int Offset)> Dynamic()
        {
            for (int i = 0; i < dynCount; i++)
            {
                int o = dynOff + 16 * i;
                long tag = (long)R64(o);
                if (tag == DT_NULL) yield break;
                yield return (tag, R64(o + 8), o);
            }
        }

        public List<string> Needed() => Dynamic().Where(d => d.Tag == DT_NEEDED).Select(d => Str((uint)d.Val)).ToList();

        public List<string> SearchPaths() => Dynamic().Where(d => d.Tag == DT_RUNPATH || d.Tag == DT_RPATH)
            .SelectMany(d => Str((uint)d.Val).Split(':')).Where(p => p.Length > 0).ToList();

        IEnumerable<(int Offset, uint Name)> Verneeds()
        {
            int vn = verneedOff;
            for (int i = 0; i < verneedCount && verneedOff != 0; i++)
            {
                yield return (vn, R32(vn + 4));
                uint next = R32(vn + 12);
                if (next == 0) yield break;
                vn += (int)next;
            }
        }

        IEnumerable<(int Offset, uint Name)> Vernauxes(int vn)
        {
            int cnt = R16(vn + 2), a = vn + (int)R32(vn + 8);
            for (int j = 0; j < cnt; j++)
            {
                yield return (a, R32(a + 8));
                uint next = R32(a + 12);
                if (next == 0) yield break;
                a += (int)next;
            }
        }

        public Vernaux? FindVernaux(string file, string version)
        {
            foreach (var vn in Verneeds())
            {
                if (Str(vn.Name) != file) continue;
                foreach (var a in Vernauxes(vn.Offset))
                    if (Str(a.Name) == version)
                        return new Vernaux { Offset = a.Offset, Flags = R16(a.Offset + 4), Index = R16(a.Offset + 6) };
            }
            return null;
        }

        IEnumerable<Sym> Symbols()
        {
            for (int i = 0; i < dynsymCount; i++)
            {
                int o = dynsymOff + 24 * i;
                yield return new Sym { Index = i, Name = Str(R32(o)), Defined = R16(o + 6) != 0 };
            }
        }

        public IEnumerable<Sym> SymbolsWithVersion(ushort index) =>
            VersymOffset == 0 ? Enumerable.Empty<Sym>() : Symbols().Where(s => (R16(VersymOffset + 2 * s.Index) & 0x7fff) == index);

        public bool DefinesSymbol(string name) => Symbols().Any(s => s.Defined && s.Name == name);

        /// <summary>Every .dynstr offset the file refers to, as (offset, is a search path).</summary>
        IEnumerable<(uint Offset, bool SearchPath)> StringRefs()
        {
            for (int i = 0; i < dynsymCount; i++) yield return (R32(dynsymOff + 24 * i), false);
            foreach (var d in Dynamic())
                if (StringTags.Contains(d.Tag)) yield return ((uint)d.Val, d.Tag == DT_RPATH || d.Tag == DT_RUNPATH);
            foreach (var vn in Verneeds())
            {
                yield return (vn.Name, false);
                foreach (var a in Vernauxes(vn.Offset)) yield return (a.Name, false);
            }
            int vd = verdefOff;
            for (int i = 0; i < verdefCount && verdefOff != 0; i++)
            {
                int cnt = R16(vd + 6), a = vd + (int)R32(vd + 12);
                for (int j = 0; j < cnt; j++) { yield return (R32(a), false); uint n = R32(a + 4); if (n == 0) break; a += (int)n; }
                uint next = R32(vd + 16);
                if (next == 0) break;
                vd += (int)next;
            }
        }

        /// <summary>The strings the file names (symbols, libraries, versions), in a stable order, for the self-check.</summary>
        public List<string> NamedStrings(bool includeSearchPaths) =>
            StringRefs().Where(r => includeSearchPaths || !r.SearchPath).Select(r => Str(r.Offset)).ToList();

        bool[] Used(bool includeSearchPaths)
        {
            var used = new bool[strSize];
            used[0] = true;
            foreach (var r in StringRefs())
            {
                if (r.SearchPath && !includeSearchPaths) continue;
                for (int i = (int)r.Offset; i < strSize; i++) { used[i] = true; if (b[strOff + i] == 0) break; }
            }
            return used;
        }

        int FindFree(bool[] used, int length)
        {
            int run = 0;
            for (int i = 0; i < strSize; i++)
            {
                run = used[i] ? 0 : run + 1;
                if (run == length) return i - length + 1;
            }
            return -1;
        }

        /// <summary>Puts name into .dynstr without growing it: bytes no reference covers, else the bytes
        /// freed by dropping RUNPATH entries that are absolute paths of TorchSharp's build machine.</summary>
        public int PlaceString(string name, List<string> notes)
        {
            var data = Encoding.ASCII.GetBytes(name + "\0");
            int at = FindFree(Used(includeSearchPaths: true), data.Length);
            if (at < 0)
            {
                foreach (var d in Dynamic().Where(d => d.Tag == DT_RUNPATH || d.Tag == DT_RPATH).ToList())
                {
                    var old = Str((uint)d.Val);
                    var kept = string.Join(":", old.Split(':').Where(p => p.StartsWith("$ORIGIN", StringComparison.Ordinal)));
                    if (kept.Length == 0) throw new InvalidOperationException("RUNPATH has no $ORIGIN entry: " + old);
                    if (kept == old) continue;
                    var usedByOthers = Used(includeSearchPaths: false);
                    int start = (int)d.Val;
                    for (int i = start; i <= start + kept.Length; i++)
                        if (usedByOthers[i]) throw new InvalidOperationException("RUNPATH shares bytes with other strings");
                    Array.Copy(Encoding.ASCII.GetBytes(kept + "\0"), 0, b, strOff + start, kept.Length + 1);
                    notes.Add("RUNPATH '" + old + "' -> '" + kept + "'");
                }
                at = FindFree(Used(includeSearchPaths: true), data.Length);
            }
            if (at < 0) throw new InvalidOperationException("no room in .dynstr for " + name + "; unexpected layout of this TorchSharp version");
            Array.Copy(data, 0, b, strOff + at, data.Length);
            return at;
        }

        /// <summary>Adds DT_NEEDED after the last one, shifting the rest into a spare DT_NULL slot.</summary>
        public void InsertNeeded(uint nameOffset)
        {
            var entries = Dynamic().ToList();
            int n = entries.Count; // index of the terminating DT_NULL
            if (n + 1 >= dynCount || R64(dynOff + 16 * (n + 1)) != DT_NULL)
                throw new InvalidOperationException(".dynamic has no spare slot; unexpected layout of this TorchSharp version");
            int lastNeeded = entries.FindLastIndex(e => e.Tag == DT_NEEDED);
            int insertAt = lastNeeded + 1;
            Array.Copy(b, dynOff + 16 * insertAt, b, dynOff + 16 * (insertAt + 1), 16 * (n + 1 - insertAt));
            W64(dynOff + 16 * insertAt, (ulong)DT_NEEDED);
            W64(dynOff + 16 * insertAt + 8, nameOffset);
        }
    }
}
