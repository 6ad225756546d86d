export default function HouseholdCreatePage() { return null; }
