#!/bin/bash
echo "run by traas"
