"""Operations on filings used by views, commands and the API."""
