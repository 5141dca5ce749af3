{{- define "tributary.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tributary.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Selector labels of one component; takes (dict "root" $ "component" "gateway"). */}}
{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tributary.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tributary.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "tributary.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: {{ include "tributary.name" .root }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "tributary.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Pod annotations: Prometheus scraping of GET /metrics on the management port, and a roll when the shared settings or the chart's own keys (auth.keys) change (the writer's too, which reads no keys: simpler than a flag); takes (dict "root" $ "port" 9080). */}}
{{- define "tributary.podAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
{{- if and (eq .root.Values.auth.mode "keys") .root.Values.auth.keys }}
checksum/auth: {{ include (print .root.Template.BasePath "/auth-secret.yaml") .root | sha256sum }}
{{- end }}
{{- with .root.Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "tributary.podSpec" -}}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* On the management port: GET /health answers once the app is listening (after its dependencies' checks at boot, up to a minute); GET /ready names each dependency it cannot use now. */}}
{{- define "tributary.probes" -}}
startupProbe:
  httpGet:
    path: /health
    port: management
  periodSeconds: 5
  failureThreshold: 30
livenessProbe:
  httpGet:
    path: /health
    port: management
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /ready
    port: management
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
{{- end }}

{{/* Extra variables from a values map, e.g. .Values.gateway.env. */}}
{{- define "tributary.env" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}

{{/* The ClickHouse password alone; tributary.clickhouseConnectionEnv has it with the TLS settings. */}}
{{- define "tributary.clickhousePassword" -}}
{{- with .Values.clickhouse.existingSecret }}
- name: CLICKHOUSE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . | quote }}
      key: {{ $.Values.clickhouse.passwordKey | quote }}
{{- end }}
{{- end }}

{{- define "tributary.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "tributary.fullname" .root }}-{{ .component }}
  labels:
    {{- include "tributary.labels" . | nindent 4 }}
spec:
  type: {{ .values.service.type }}
  selector:
    {{- include "tributary.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.port }}
      targetPort: http
    - name: management
      port: {{ .values.managementPort }}
      targetPort: management
{{- end }}

{{/* Scales a component on CPU when its autoscaling is enabled; takes (dict "root" $ "component" "gateway" "values" .Values.gateway). */}}
{{- define "tributary.horizontalPodAutoscaler" -}}
{{- with .values.autoscaling }}
{{- if .enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "tributary.fullname" $.root }}-{{ $.component }}
  labels:
    {{- include "tributary.labels" $ | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "tributary.fullname" $.root }}-{{ $.component }}
  minReplicas: {{ .minReplicas }}
  maxReplicas: {{ .maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}
{{- end }}

{{/* Bounds how many of a component's pods a voluntary disruption (a node drain) takes at once; takes (dict "root" $ "component" "gateway" "values" .Values.gateway). */}}
{{- define "tributary.podDisruptionBudget" -}}
{{- with .values.podDisruptionBudget }}
{{- if .enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "tributary.fullname" $.root }}-{{ $.component }}
  labels:
    {{- include "tributary.labels" $ | nindent 4 }}
spec:
  maxUnavailable: {{ .maxUnavailable }}
  selector:
    matchLabels:
      {{- include "tributary.selectorLabels" $ | nindent 6 }}
{{- end }}
{{- end }}
{{- end }}

{{/* "2 replica(s)", or "2 to 10 replicas (autoscaled)"; takes .Values.gateway or .Values.query. */}}
{{- define "tributary.replicas" -}}
{{- if .autoscaling.enabled -}}
{{ .autoscaling.minReplicas }} to {{ .autoscaling.maxReplicas }} replicas (autoscaled)
{{- else -}}
{{ .replicaCount }} replica(s)
{{- end }}
{{- end }}

{{/*
Connections (docs/deployment.md, "Connections"). A container that talks to Kafka includes
tributary.kafkaConnectionEnv in its env, one that talks to ClickHouse tributary.clickhouseConnectionEnv;
both include tributary.connectionVolumeMounts (container) and tributary.connectionVolumes (pod), which
mount the CA and client certificate Secrets the env points at. Passwords come from Secrets through
secretKeyRef: they never appear in a ConfigMap or in the rendered manifests.
*/}}

{{/* Kafka's SASL and TLS env; takes the root context. Bad combinations fail the render. */}}
{{- define "tributary.kafkaConnectionEnv" -}}
{{- with .Values.kafka.sasl }}
{{- if ne .mechanism "none" }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is required when kafka.sasl.mechanism is set" .username | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret (the Secret holding the SASL password) is required when kafka.sasl.mechanism is set" .existingSecret | quote }}
      key: {{ .passwordKey | quote }}
{{- else if or .username .existingSecret }}
{{- fail "kafka.sasl.username and kafka.sasl.existingSecret need kafka.sasl.mechanism (plain, scram-sha-256 or scram-sha-512)" }}
{{- end }}
{{- end }}
{{- with .Values.kafka.tls }}
{{- if .enabled }}
- name: KAFKA_TLS
  value: "true"
{{- if .caSecret }}
- name: KAFKA_TLS_CA_FILE
  value: /etc/tributary/kafka-ca/ca.crt
{{- end }}
{{- if .clientSecret }}
- name: KAFKA_TLS_CERT_FILE
  value: /etc/tributary/kafka-client/tls.crt
- name: KAFKA_TLS_KEY_FILE
  value: /etc/tributary/kafka-client/tls.key
{{- end }}
{{- if not .rejectUnauthorized }}
- name: KAFKA_TLS_REJECT_UNAUTHORIZED
  value: "false"
{{- end }}
{{- else if or .caSecret .clientSecret (not .rejectUnauthorized) }}
{{- fail "kafka.tls.caSecret, kafka.tls.clientSecret and kafka.tls.rejectUnauthorized need kafka.tls.enabled: true" }}
{{- end }}
{{- end }}
{{- end }}

{{/* ClickHouse's password and TLS env; takes the root context. Bad combinations fail the render. */}}
{{- define "tributary.clickhouseConnectionEnv" -}}
{{- with .Values.clickhouse.existingSecret }}
- name: CLICKHOUSE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . | quote }}
      key: {{ $.Values.clickhouse.passwordKey | quote }}
{{- end }}
{{- with .Values.clickhouse.tls }}
{{- if and (or .caSecret .clientSecret) (not (hasPrefix "https://" (lower $.Values.clickhouse.url))) }}
{{- fail "clickhouse.tls needs an https clickhouse.url" }}
{{- end }}
{{- if .caSecret }}
- name: CLICKHOUSE_TLS_CA_FILE
  value: /etc/tributary/clickhouse-ca/ca.crt
{{- end }}
{{- if .clientSecret }}
{{- if not .caSecret }}
{{- fail "clickhouse.tls.clientSecret needs clickhouse.tls.caSecret (the client takes a client certificate only with the CA)" }}
{{- end }}
- name: CLICKHOUSE_TLS_CERT_FILE
  value: /etc/tributary/clickhouse-client/tls.crt
- name: CLICKHOUSE_TLS_KEY_FILE
  value: /etc/tributary/clickhouse-client/tls.key
{{- end }}
{{- end }}
{{- end }}

{{/* The certificate Secrets to mount, as JSON {"files": [...]}; takes (dict "root" $ "kafka" true "clickhouse" true). */}}
{{- define "tributary.connectionSecretFiles" -}}
{{- $files := list }}
{{- if .kafka }}
{{- with .root.Values.kafka.tls }}
{{- if and .enabled .caSecret }}
{{- $files = append $files (dict "name" "kafka-ca" "secret" .caSecret "mountPath" "/etc/tributary/kafka-ca" "items" (list (dict "key" .caKey "path" "ca.crt"))) }}
{{- end }}
{{- if and .enabled .clientSecret }}
{{- $files = append $files (dict "name" "kafka-client" "secret" .clientSecret "mountPath" "/etc/tributary/kafka-client" "items" (list (dict "key" "tls.crt" "path" "tls.crt") (dict "key" "tls.key" "path" "tls.key"))) }}
{{- end }}
{{- end }}
{{- end }}
{{- if .clickhouse }}
{{- with .root.Values.clickhouse.tls }}
{{- if .caSecret }}
{{- $files = append $files (dict "name" "clickhouse-ca" "secret" .caSecret "mountPath" "/etc/tributary/clickhouse-ca" "items" (list (dict "key" .caKey "path" "ca.crt"))) }}
{{- end }}
{{- if .clientSecret }}
{{- $files = append $files (dict "name" "clickhouse-client" "secret" .clientSecret "mountPath" "/etc/tributary/clickhouse-client" "items" (list (dict "key" "tls.crt" "path" "tls.crt") (dict "key" "tls.key" "path" "tls.key"))) }}
{{- end }}
{{- end }}
{{- end }}
{{- if .auth }}
{{- with (fromJson (include "tributary.authKeysFile" .root)) }}
{{- $files = append $files . }}
{{- end }}
{{- end }}
{{- dict "files" $files | toJson }}
{{- end }}

{{/* A container's mounts of the certificate Secrets, if any; takes (dict "root" $ "kafka" true "clickhouse" true). */}}
{{- define "tributary.connectionVolumeMounts" -}}
{{- with (fromJson (include "tributary.connectionSecretFiles" .)).files }}
volumeMounts:
{{- range . }}
  - name: {{ .name }}
    mountPath: {{ .mountPath }}
    readOnly: true
{{- end }}
{{- end }}
{{- end }}

{{/* A pod's volumes of the certificate Secrets, if any; takes (dict "root" $ "kafka" true "clickhouse" true). */}}
{{- define "tributary.connectionVolumes" -}}
{{- with (fromJson (include "tributary.connectionSecretFiles" .)).files }}
volumes:
{{- range . }}
  - name: {{ .name }}
    secret:
      secretName: {{ .secret | quote }}
      items:
        {{- toYaml .items | nindent 8 }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Keys (README, "Security"). The gateway and the query app include tributary.authEnv in their env
and pass "auth" true to tributary.connectionVolumeMounts and tributary.connectionVolumes, which
mount the keys file from auth.existingSecret, or from the chart's own Secret (auth-secret.yaml)
when auth.keys is not empty. The keys never appear in an env value or a ConfigMap.
*/}}

{{/* The Secret holding the keys file: the chart's own when auth.keys is given, else auth.existingSecret. */}}
{{- define "tributary.authSecretName" -}}
{{- if .Values.auth.keys }}
{{- include "tributary.fullname" . }}-auth
{{- else }}
{{- required "auth.existingSecret (a Secret holding the keys file under auth.keysKey) or auth.keys is required when auth.mode is keys" .Values.auth.existingSecret }}
{{- end }}
{{- end }}

{{/* The keys file to mount, as JSON (none in open mode); takes the root context. */}}
{{- define "tributary.authKeysFile" -}}
{{- if eq .Values.auth.mode "keys" }}
{{- dict "name" "auth-keys" "secret" (include "tributary.authSecretName" .) "mountPath" "/etc/tributary/auth" "items" (list (dict "key" (ternary "keys.json" .Values.auth.keysKey (not (empty .Values.auth.keys))) "path" "keys.json")) | toJson }}
{{- else }}
{{- dict | toJson }}
{{- end }}
{{- end }}

{{/* TRIBUTARY_AUTH, and the keys file it reads in keys mode; takes the root context. */}}
{{- define "tributary.authEnv" -}}
- name: TRIBUTARY_AUTH
  value: {{ .Values.auth.mode | quote }}
{{- if eq .Values.auth.mode "keys" }}
- name: TRIBUTARY_KEYS_FILE
  value: /etc/tributary/auth/keys.json
{{- end }}
{{- end }}
