namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>A contract-2 document: it names its schema, and a reader refuses any other.</summary>
public interface IDocument
{
    /// <summary>The schema this record is (<see cref="Schemas"/>).</summary>
    static abstract string SchemaId { get; }

    /// <summary>The <c>schema</c> field as read or written.</summary>
    string Schema { get; }
}
