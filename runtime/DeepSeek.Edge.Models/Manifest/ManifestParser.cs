using DeepSeek.Edge.Models.Naming;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Models.Manifest;

/// <summary>Parses and validates <c>manifest.json</c> against contract 1. Every error names the JSON path, the value and what is allowed.</summary>
public static partial class ManifestParser
{
    /// <summary>Parses manifest bytes. <paramref name="readLabelsFile"/> resolves <c>"labels": "labels.txt"</c> (a file of the package, one label a line).</summary>
    public static ModelManifest Parse(ReadOnlySpan<byte> utf8Json, string source = "manifest.json", Func<string, IReadOnlyList<string>>? readLabelsFile = null)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new ManifestException($"$ (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", $"is not valid JSON: {ex.Message}", source);
        }

        using (doc)
        {
            try
            {
                return Parse(new JsonField(doc.RootElement.Clone(), "$"), readLabelsFile);
            }
            catch (ManifestException ex)
            {
                throw new ManifestException(ex.JsonPath, ex.Problem, source);
            }
        }
    }

    private static ModelManifest Parse(JsonField root, Func<string, IReadOnlyList<string>>? readLabelsFile)
    {
        if (!root.IsObject) throw root.Invalid("a JSON object");
        root.RequireKnownKeys(ManifestKeys.Root);

        var schema = root.String("schema");
        if (schema != ModelManifest.SchemaV1)
            throw root.Required("schema").Fail($"is \"{schema}\"; this runtime reads \"{ModelManifest.SchemaV1}\"");

        var name = SafeName(root.Required("name"));
        var version = SafeName(root.Required("version"));
        var task = root.Enum<ModelTask>("task");
        var files = ParseFiles(root.Required("files"));
        var modelField = root.Required("model");
        var model = RelativePath(modelField);
        if (!files.Any(f => f.Path == model))
            throw modelField.Fail($"is \"{model}\" but no entry of $.files has that path; list it with its size and sha256");

        var input = ParseInput(root.Required("input"));
        var decoder = ParseDecoder(root, task);
        var labels = ParseLabels(root, readLabelsFile);
        var thresholds = ParseThresholds(root);
        var precision = root.Enum("precision", ModelPrecision.FP32);

        var hasQuantization = root.TryGet("quantization", out var quantization);
        return new ModelManifest(schema, name, version, task, model, files, input, decoder, labels, thresholds, precision,
            root.TryGet("lineage", out var lineage) ? lineage.Element : null,
            hasQuantization ? quantization.Element : null)
        {
            QuantizationInfo = hasQuantization ? ParseQuantization(quantization) : null,
        };
    }

    /// <summary>The block is the quantizer's free-form record; only the keys the runtime acts on are checked.</summary>
    private static QuantizationInfo ParseQuantization(JsonField quantization)
    {
        if (!quantization.IsObject) throw quantization.Invalid("a JSON object");
        QuantizationTarget? target = null;
        if (quantization.TryGet("target", out var targetField))
        {
            var text = targetField.AsString();
            target = QuantizationTargets.TryParse(text)
                ?? throw targetField.Fail($"is \"{text}\"{Suggestion.For(text, QuantizationTargets.Names)}; allowed: {string.Join(", ", QuantizationTargets.Names)}");
        }

        return new QuantizationInfo(target, quantization.TryGet("activations", out var activations) ? activations.AsEnum<ActivationType>() : null);
    }

    private static ManifestFile[] ParseFiles(JsonField files)
    {
        var entries = files.Items().Select(f =>
        {
            f.RequireKnownKeys(ManifestKeys.File);
            var sha = f.String("sha256");
            if (!Sha256Text.IsValid(sha))
                throw f.Required("sha256").Fail($"is \"{sha}\"; expected 64 hexadecimal digits");
            return new ManifestFile(RelativePath(f.Required("path")), f.Long("size", min: 0), sha.ToLowerInvariant());
        }).ToArray();
        if (entries.Length == 0) throw files.Fail("is empty; list at least the model file");
        var duplicate = entries.GroupBy(e => e.Path).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw files.Fail($"lists \"{duplicate.Key}\" more than once");
        return entries;
    }

    private static InputSpec ParseInput(JsonField input)
    {
        input.RequireKnownKeys(ManifestKeys.Input);
        var color = input.Enum("color", ColorOrder.RGB);
        var channels = color == ColorOrder.Gray ? 1 : 3;
        var dataType = input.Enum("dtype", InputDataType.Float32);
        var mean = input.OptionalFloats("mean", channels) ?? new float[channels];
        var std = input.OptionalFloats("std", channels) ?? Enumerable.Repeat(1f, channels).ToArray();
        for (var i = 0; i < std.Length; i++)
        {
            if (std[i] == 0f) throw new ManifestException($"{input.Path}.std[{i}]", "is 0; a standard deviation must not be zero");
        }

        if (dataType == InputDataType.UInt8 && (mean.Any(m => m != 0f) || std.Any(s => s != 1f)))
            throw input.Required("dtype").Fail("is \"uint8\" but mean/std are set; a uint8 input takes raw pixels, so drop mean and std");

        float? padNormalized = input.TryGet("pad_normalized", out var padField) ? padField.AsFloat() : null;
        if (padNormalized is not null && input.TryGet("pad", out _))
            throw padField.Fail("is set together with $.input.pad; give the padding either as a pixel value (pad) or as a tensor value (pad_normalized)");
        if (padNormalized is not null && dataType == InputDataType.UInt8)
            throw padField.Fail("is set but the input is uint8 (raw pixels); use pad (0-255) instead");

        return new InputSpec(
            Name: input.String("name"),
            Layout: input.Enum<TensorLayout>("layout"),
            Width: input.Int("width", min: 1, max: 8192),
            Height: input.Int("height", min: 1, max: 8192),
            Color: color,
            Resize: input.Enum("resize", ResizeMode.Stretch),
            Pad: input.Float("pad", 0f, 0f, 255f),
            Mean: mean,
            Std: std,
            DataType: dataType,
            PadNormalized: padNormalized);
    }

    private static DecoderSpec ParseDecoder(JsonField root, ModelTask task)
    {
        if (!root.TryGet("decoder", out var decoder))
        {
            if (task == ModelTask.Embedding) return new DecoderSpec("embedding", new JsonField(EmptyObject, "$.decoder"));
            throw new ManifestException("$.decoder", $"is required for task \"{task.ToString().ToLowerInvariant()}\"; give at least {{\"kind\": ...}}");
        }

        if (!decoder.IsObject) throw decoder.Invalid("an object with a \"kind\"");
        return new DecoderSpec(decoder.String("kind").ToLowerInvariant(), decoder);
    }

    private static string[] ParseLabels(JsonField root, Func<string, IReadOnlyList<string>>? readLabelsFile)
    {
        if (!root.TryGet("labels", out var labels)) return [];
        if (labels.Element.ValueKind == JsonValueKind.String)
        {
            var path = RelativePath(labels);
            if (readLabelsFile is null) throw labels.Fail($"names the file \"{path}\" but the manifest was read without its package");
            try
            {
                return [.. readLabelsFile(path)];
            }
            catch (IOException ex)
            {
                throw labels.Fail($"names \"{path}\" which cannot be read: {ex.Message}");
            }
        }

        return labels.Items().Select(l => l.AsString()).ToArray();
    }

    private static Thresholds ParseThresholds(JsonField root)
    {
        if (!root.TryGet("thresholds", out var t)) return Thresholds.Default;
        t.RequireKnownKeys(ManifestKeys.Thresholds);
        return new Thresholds(
            t.Float("score", Thresholds.Default.Score, 0f, 1f),
            t.Float("iou", Thresholds.Default.Iou, 0f, 1f));
    }

    private static string SafeName(JsonField field)
    {
        var value = field.AsString();
        if (!Naming.SafeName.IsValid(value))
            throw field.Fail($"is \"{value}\"; use letters, digits, '.', '-' and '_' only (it becomes a directory name)");
        return value;
    }

    /// <summary>A path inside the package: relative, forward slashes, no '..' segment.</summary>
    private static string RelativePath(JsonField field)
    {
        var value = field.AsString();
        if (value.StartsWith('/') || value.Contains('\\', StringComparison.Ordinal) || value.Split('/').Any(s => s is "" or "." or ".."))
            throw field.Fail($"is \"{value}\"; a package path must be relative, with '/' separators and no '.' or '..' segments");
        return value;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();


}
