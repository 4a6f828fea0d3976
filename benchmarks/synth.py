#!/usr/bin/env python3
"""Generate a synthetic deployment repository: N services, each as JSON task definition and
service files and as a Terraform module, from the clean fixtures (so runs measure real work,
not error reporting).

    python benchmarks/synth.py OUT_DIR --services 100 [--json] [--terraform]
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "fixtures" / "rules" / "_base"

TF_TEMPLATE = """\
locals {{
  service = "{name}"
  port    = 3003
}}

variable "image_tag" {{
  default = "1.4.{i}"
}}

resource "aws_ecs_task_definition" "svc" {{
  family                   = local.service
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
  task_role_arn            = "arn:aws:iam::123456789012:role/{name}-task"
  container_definitions = jsonencode([
    {{
      name         = local.service
      image        = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/${{local.service}}:${{var.image_tag}}"
      essential    = true
      portMappings = [{{ containerPort = local.port, protocol = "tcp" }}]
      environment = [
        {{ name = "NODE_ENV", value = "production" }},
        {{ name = "PORT", value = tostring(local.port) }},
        {{ name = "SERVICE_NAME", value = local.service }},
        {{ name = "AWS_REGION", value = "ap-northeast-2" }},
      ]
      logConfiguration = {{
        logDriver = "awslogs"
        options = {{
          "awslogs-group"         = "/ecs/${{local.service}}"
          "awslogs-region"        = "ap-northeast-2"
          "awslogs-stream-prefix" = "ecs"
        }}
      }}
      healthCheck = {{
        command     = ["CMD-SHELL", "curl -f http://localhost:${{local.port}}/health || exit 1"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }}
      ulimits     = [{{ name = "nofile", softLimit = 65536, hardLimit = 65536 }}]
      stopTimeout = 30
    }}
  ])
  tags = {{
    Environment = "production"
    Service     = "{name}"
    ManagedBy   = "terraform"
  }}
}}
"""


def service_name(i: int) -> str:
    # the catalog has 16 services; the synthetic ones are product-service look-alikes so every
    # catalog rule runs (they are reported as DOA010 notes only when renamed)
    return "product-service"


def generate(out: Path, n: int, json_files: bool, terraform: bool) -> int:
    task = json.loads((BASE / "task-definition.json").read_text())
    svc = json.loads((BASE / "service.json").read_text())
    count = 0
    for i in range(n):
        folder = out / f"svc-{i:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        if json_files:
            t = copy.deepcopy(task)
            t["containerDefinitions"][0]["image"] = t["containerDefinitions"][0]["image"].replace("1.4.2", f"1.4.{i}")
            (folder / "task-definition.json").write_text(json.dumps(t, indent=2))
            (folder / "service.json").write_text(json.dumps(svc, indent=2))
            count += 2
        if terraform:
            tf = folder / "terraform"
            tf.mkdir(exist_ok=True)
            (tf / "main.tf").write_text(TF_TEMPLATE.format(name=service_name(i), i=i))
            count += 1
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--services", type=int, default=100)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--terraform", action="store_true")
    a = ap.parse_args()
    both = not (a.json or a.terraform)
    n = generate(a.out, a.services, a.json or both, a.terraform or both)
    print(f"wrote {n} files for {a.services} services under {a.out}")


if __name__ == "__main__":
    main()
