export default function HouseholdDetailPage() { return null; }
