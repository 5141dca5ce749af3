import { Injectable } from '@nestjs/common';

export const breach = Injectable;
