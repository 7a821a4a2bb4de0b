"""NTS (국세청) business status and validation API on data.go.kr (api.odcloud.kr)."""
