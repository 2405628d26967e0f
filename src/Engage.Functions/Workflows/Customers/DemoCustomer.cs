namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// One demo customer, with its dates as days from the day it is seeded. <see cref="EarlierHealth"/> and
/// <see cref="EarlierUtilization"/>, when given, are the values it is created with before being changed to the
/// current ones, so its context shows a trend from real events.
/// </summary>
public sealed record DemoCustomer(
    string Name,
    string Domain,
    string Industry,
    double Arr,
    double PreviousArr,
    int Health,
    int RenewalInDays,
    string? Owner,
    string Csm,
    string AccountExecutive,
    string SupportEngineer,
    int ActiveUsers,
    double Utilization,
    int SupportTickets,
    int LastQbrDaysAgo,
    int? EarlierHealth = null,
    double? EarlierUtilization = null);
