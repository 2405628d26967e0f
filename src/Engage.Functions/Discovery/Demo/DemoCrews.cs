namespace Engage.Functions.Discovery.Demo;

/// <summary>The demo's clients and crews; two tables lack <c>created_at</c>, as n8n creates them.</summary>
public static class DemoCrews
{
    public static readonly IReadOnlyList<DemoCrew> All =
    [
        new("acme", "support", "acme_support_histories", true, 90,
            ["My order hasn't arrived yet, can you check the status?", "How do I reset my password?", "The invoice shows the wrong company address.", "Can I change the delivery date of my order?", "The app crashes when I upload a photo."],
            ["I found your order: it left our warehouse yesterday and should arrive within two days.", "Use 'Forgot password' on the sign-in page; the link in the email is valid for one hour.", "I've corrected the address; a new invoice will be emailed to you shortly.", "Sure, which date would suit you better?", "Thanks for reporting it. Which version of the app are you on?"]),
        new("acme", "sales", "acme_sales_histories", true, 70,
            ["Do you offer volume discounts for 500 seats?", "Can we get a demo next week?", "What's the difference between the Pro and Enterprise plans?", "Is there an annual billing option?"],
            ["Yes, from 250 seats the price per seat drops by 15%. Shall I prepare a quote?", "Of course. Tuesday or Thursday afternoon?", "Enterprise adds SSO, audit logs and a dedicated success manager.", "Annual billing saves two months compared with monthly billing."]),
        new("globex", "onboarding", "n8n_chat_histories", false, 80,
            ["How do I invite my team?", "Where do I connect our CRM?", "Can I import contacts from a CSV file?", "What does the setup checklist include?"],
            ["Open Settings > Team and enter their email addresses.", "Under Integrations you can connect Salesforce or HubSpot in two clicks.", "Yes: Contacts > Import accepts CSV with a header row.", "Profile, team, integrations and your first workflow: about 20 minutes in total."]),
        new("globex", "billing", "globex_billing_histories", true, 60,
            ["Why was I charged twice this month?", "Can I get a copy of last year's invoices?", "How do I update my credit card?", "Please cancel my subscription."],
            ["I see a duplicate charge; it has been refunded and shows within 5 business days.", "I've sent all 12 invoices to your billing email.", "Go to Billing > Payment method and choose 'Replace card'.", "I'm sorry to see you go. Your plan stays active until the end of the period."]),
        new("initech", "helpdesk", "helpdesk_chat_histories", false, 100,
            ["My laptop won't connect to the VPN.", "I need access to the finance share.", "The printer on floor 3 is jammed again.", "How do I set up email on my phone?", "My account is locked."],
            ["Please restart the VPN client and sign in again with your new token.", "I've raised an access request; your manager needs to approve it.", "Facilities has been notified; use the printer on floor 2 meanwhile.", "Install the Outlook app and sign in with your work account.", "I've unlocked it; please choose a new password at next sign-in."]),
    ];
}
