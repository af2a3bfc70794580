using System.Text;
using GitOpsMl.Api.Manifests;

namespace GitOpsMl.Api.Tests.Manifests;

/// <summary>Random damage to real manifests must give documents or positioned errors, never an exception.</summary>
public class ManifestLoaderFuzzTests
{
    private const string Seed =
        "apiVersion: apps/v1\n" +
        "kind: Deployment\n" +
        "metadata:\n" +
        "  name: &name web\n" +
        "  labels: {app: *name, \"tier\": 'front'}\n" +
        "spec:\n" +
        "  replicas: 3\n" +
        "  template:\n" +
        "    spec:\n" +
        "      containers:\n" +
        "        - name: web\n" +
        "          args: [\"--port\", 8080, !!str 1.5]\n" +
        "          env:\n" +
        "            - {name: A, value: |\n" +
        "                multi\n" +
        "                line}\n" +
        "          <<: {cpu: 1}\n" +
        "---\n" +
        "? complex\n" +
        ": >-\n" +
        "  folded\n" +
        "  text\n" +
        "...\n";

    private const string Alphabet = "-:?[]{},&*!|>'\"#%@`\t\n\r ~.0x1eE+<ab\u00e9\u2028\u0085\uFEFF";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Mutated_manifests_never_throw(int seed)
    {
        var random = new Random(seed);
        for (int iteration = 0; iteration < 1_500; iteration++)
        {
            var text = new StringBuilder(Seed);
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(text.Length + 1);
                switch (random.Next(3))
                {
                    case 0:
                        text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    case 1 when at < text.Length:
                        text.Remove(at, 1);
                        break;
                    default:
                        int from = random.Next(text.Length);
                        int length = Math.Min(random.Next(1, 20), text.Length - from);
                        text.Insert(at, text.ToString(from, length));
                        break;
                }
            }

            var yaml = text.ToString();
            var result = ManifestLoader.Load("fuzz.yaml", Encoding.UTF8.GetBytes(yaml));

            Assert.True(result.Errors.Count <= ManifestLoadLimits.Default.MaxErrors + 1);
            int lines = yaml.Split('\n').Length + 1;
            foreach (var error in result.Errors)
            {
                Assert.InRange(error.Mark.Line, 1, lines + 2);
                Assert.True(error.Mark.Column >= 1);
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }

            foreach (var document in result.Documents)
            {
                if (document.Root is not null)
                {
                    _ = ManifestNodeJson.ToJsonNode(document.Root);
                }
            }
        }
    }
}
