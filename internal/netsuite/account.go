package netsuite

import "strings"

// HostForAccount turns an account id into the form NetSuite uses in host
// names: lower-case with "_" replaced by "-" ("123456_SB1" -> "123456-sb1").
func HostForAccount(id string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(id)), "_", "-")
}

// RealmForAccount turns an account id into the form TBA expects in the
// realm parameter: upper-case with "-" replaced by "_" ("123456-sb1" ->
// "123456_SB1"). Users copy either form from the UI, so both are accepted.
func RealmForAccount(id string) string {
	return strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(id)), "-", "_")
}

// DefaultBaseURL is the REST host of an account. The domain does not move
// when the account changes data centre, so no discovery call is needed.
func DefaultBaseURL(accountID string) string {
	return "https://" + HostForAccount(accountID) + ".suitetalk.api.netsuite.com"
}

// DefaultTokenURL is the OAuth 2.0 token endpoint of an account; it is also
// the audience of the client assertion.
func DefaultTokenURL(accountID string) string {
	return DefaultBaseURL(accountID) + restPrefix + "/auth/oauth2/v1/token"
}

const restPrefix = "/services/rest"

// normalizeBaseURL accepts "https://host", "https://host/" or
// "https://host/services/rest" and returns the part before /services/rest,
// so an operator can paste any of them into config.
func normalizeBaseURL(u string) string {
	u = strings.TrimRight(strings.TrimSpace(u), "/")
	u = strings.TrimSuffix(u, restPrefix)
	return strings.TrimRight(u, "/")
}
