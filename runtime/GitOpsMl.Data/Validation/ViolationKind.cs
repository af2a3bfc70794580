namespace GitOpsMl.Data.Validation;

/// <summary>Ways data can break its Dataset schema. All but <see cref="NullFraction"/> are row-level: the row is dropped.</summary>
public enum ViolationKind
{
    /// <summary>The record does not have one field per column, or its quoting is broken (CSV).</summary>
    MalformedRow,

    /// <summary>The cell does not parse as the column's type ("abc" in a float column, 2.5 in an int column).</summary>
    Type,

    /// <summary>Below the column's min.</summary>
    BelowMin,

    /// <summary>Above the column's max.</summary>
    AboveMax,

    /// <summary>A category outside the column's values list.</summary>
    NotAllowed,

    /// <summary>Missing in a column with nullable: false.</summary>
    NullNotAllowed,

    /// <summary>A repeat of an earlier row's value in a unique column (the first occurrence is kept).</summary>
    Duplicate,

    /// <summary>A sample weight (role weight) that is missing, negative or not finite: a row without a usable weight cannot count in the loss or the metrics.</summary>
    InvalidWeight,

    /// <summary>Column-level: the share of missing cells exceeds maxNullFraction. Refuses the data; no rows are dropped for it.</summary>
    NullFraction,
}
