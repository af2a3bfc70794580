namespace GitOpsMl.Serving.Models;

public enum ModelTask { Binary, Multiclass, Regression }
