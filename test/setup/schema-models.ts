// Tests call core's lint directly, without building services: install the schema loader as services do.
import '../../main/services/manifests/schema-models';
